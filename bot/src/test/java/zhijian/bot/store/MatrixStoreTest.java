package zhijian.bot.store;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;
import zhijian.matrix.Matrix;
import zhijian.matrix.MatrixProblem.Subject;
import zhijian.matrix.edit.MatrixEdit;
import zhijian.matrix.edit.Outcome;
import zhijian.seed.SeedLoader;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matrix in a real Redis: compare-and-set writes, the change log, seeding and reseeding. */
class MatrixStoreTest {
    private static final Matrix SEEDS = SeedLoader.load(GatewayHarness.seedsDir()).matrix();

    private final UnifiedJedis redis = TestRedis.client();
    private final RedisKeys keys = new RedisKeys(TestRedis.freshPrefix("matrix-store"));
    private final MutableClock clock = new MutableClock(GatewayHarness.T0);

    private MatrixStore store() {
        return new MatrixStore(redis, keys, clock, Duration.ofSeconds(1));
    }

    private static MatrixEdit.Person newPerson(String id, String name) {
        return new MatrixEdit.Person(id, name, List.of("resident"), List.of("deji"), null, null, null);
    }

    @Test
    void firstStart_seedsOnce_andTheLogSaysSo() {
        MatrixStore store = store();
        assertTrue(store.seed(SEEDS, false));
        assertFalse(store.seed(SEEDS, false), "a second start keeps what is in Redis");
        List<MatrixStore.Change> log = store.changes(10);
        assertEquals(1, log.size());
        assertEquals("seed", log.get(0).action());
        assertEquals(1, log.get(0).rev());
        assertEquals(1, store.versioned().revision());
    }

    @Test
    void aWriteOverAStaleRevision_writesNothing() {
        MatrixStore store = store();
        store.seed(SEEDS, false);
        Outcome.Applied a = (Outcome.Applied) zhijian.matrix.edit.MatrixEditor.apply(SEEDS, newPerson("r-a", "甲"), "p-admin");
        MatrixStore.Change change = new MatrixStore.Change(0, clock.instant(), "p-admin", "次珍", "upsert", "people", "r-a", a.summary());
        assertEquals(2, store.compareAndSet(1, a.matrix(), change));
        String doc = redis.get(keys.matrix());

        Outcome.Applied b = (Outcome.Applied) zhijian.matrix.edit.MatrixEditor.apply(SEEDS, newPerson("r-b", "乙"), "p-admin");
        assertEquals(0, store.compareAndSet(1, b.matrix(), change), "made over revision 1, but the matrix is at 2");
        assertEquals(doc, redis.get(keys.matrix()), "the document is as the first write left it");
        assertEquals("2", redis.get(keys.matrixRev()));
        assertEquals(2, store.changes(10).size());
    }

    @Test
    void edits_applyOverWhatAnotherInstanceWrote_andEachIsLogged() {
        MatrixStore a = store(), b = store();
        a.seed(SEEDS, false);
        b.current();   // b has revision 1 in memory
        MatrixStore.Edited first = a.edit(newPerson("r-a", "甲"), "p-admin");
        MatrixStore.Edited second = b.edit(newPerson("r-b", "乙"), "p-wang");
        assertEquals(2, first.revision());
        assertEquals(3, second.revision(), "b read the matrix afresh, not its cached copy");
        a.edit(new MatrixEdit.SetActive(Subject.PERSON, "r-a", false), "p-admin");
        Matrix now = a.current();
        assertTrue(now.member("r-a").isPresent() && now.member("r-b").isPresent(), "both edits are kept");
        assertFalse(now.member("r-a").orElseThrow().active());

        List<MatrixStore.Change> log = a.changes(10);
        assertEquals(List.of("deactivate", "upsert", "upsert", "seed"), log.stream().map(MatrixStore.Change::action).toList());
        assertEquals(List.of(4L, 3L, 2L, 1L), log.stream().map(MatrixStore.Change::rev).toList());
        assertEquals("王建军", log.get(1).byName());
        assertEquals("r-b", log.get(1).id());
        assertEquals(GatewayHarness.T0, log.get(1).at());
        assertTrue(log.get(0).summary().contains("停用人员 甲（r-a）"), log.get(0).summary());
    }

    @Test
    void refusedAndUnchangedEdits_writeNothing() {
        MatrixStore store = store();
        store.seed(SEEDS, false);
        MatrixStore.Edited refused = store.edit(new MatrixEdit.SetActive(Subject.PERSON, "p-tashi", false), "p-admin");
        assertInstanceOf(Outcome.Refused.class, refused.outcome());
        MatrixStore.Edited same = store.edit(new MatrixEdit.SetActive(Subject.PERSON, "p-tashi", true), "p-admin");
        assertInstanceOf(Outcome.Unchanged.class, same.outcome());
        assertEquals("1", redis.get(keys.matrixRev()));
        assertEquals(1, store.changes(10).size());
    }

    @Test
    void anInstance_seesAnotherInstancesEdit_afterItsRecheck() {
        MatrixStore a = store(), b = store();
        a.seed(SEEDS, false);
        assertTrue(b.current().member("r-a").isEmpty());
        a.edit(newPerson("r-a", "甲"), "p-admin");
        assertTrue(a.current().member("r-a").isPresent(), "the instance that wrote has it at once");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(b.current().member("r-a").isPresent(), "the other instance, within a second");
        assertEquals(2, b.versioned().revision());
    }

    @Test
    void reseed_overwritesEdits_andTheLogSaysSo() {
        MatrixStore store = store();
        store.seed(SEEDS, false);
        store.edit(newPerson("r-a", "甲"), "p-admin");
        assertTrue(store.seed(SEEDS, true));
        assertTrue(store.current().member("r-a").isEmpty(), "the console's person is gone");
        MatrixStore.Change last = store.changes(1).get(0);
        assertEquals("reseed", last.action());
        assertEquals(3, last.rev());
        assertNotEquals(-1, last.summary().indexOf("覆盖"), last.summary());
    }
}
