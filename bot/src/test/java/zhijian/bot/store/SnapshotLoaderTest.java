package zhijian.bot.store;

import org.junit.jupiter.api.Test;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.TestRedis;
import zhijian.dispatch.Dispatcher;
import zhijian.dispatch.Plan;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;
import zhijian.seed.SeedLoader;
import zhijian.seed.Seeds;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SnapshotLoaderTest {
    private final Seeds seeds = SeedLoader.load(GatewayHarness.seedsDir());
    private final Matrix matrix = seeds.matrix();
    private final Dispatcher dispatcher = new Dispatcher(seeds.rules());

    private Plan disputePlan(String id) {
        InboundMessage m = new InboundMessage(id, "sim", id, "g-ent-transport", "r-ciren", "次仁",
                "老板欠我运费三千八一直不给，帮忙调解", false, Instant.parse("2026-11-22T15:59:50Z"));
        return dispatcher.plan(matrix, matrix.chat("g-ent-transport").orElseThrow(), m, null);
    }

    @Test
    void anEntryDecidedAgainAfterMidnight_keepsItsFirstTicketId() {
        RedisKeys keys = new RedisKeys(TestRedis.freshPrefix("ids"));
        SnapshotLoader loader = new SnapshotLoader(TestRedis.client(), keys, new TicketStore(TestRedis.client(), keys),
                new AppointmentStore(TestRedis.client(), keys), new BroadcastStore(TestRedis.client(), keys),
                new FraudStore(TestRedis.client(), keys, zhijian.seed.SeedLoader.load(zhijian.bot.testing.GatewayHarness.seedsDir()).rules().fraud()));
        Instant beforeMidnight = Instant.parse("2026-11-22T15:59:50Z");   // 23:59:50 in 阿扎乡
        String first = loader.load(disputePlan("e-1"), "1-0", beforeMidnight).newTicketId();
        assertEquals("AZ-20261122-0001", first);
        // the worker died; another takes the entry over 30 seconds later, on the next day
        String again = loader.load(disputePlan("e-1"), "1-0", beforeMidnight.plus(Duration.ofSeconds(40))).newTicketId();
        assertEquals(first, again);
        // the next day's own tickets number from 1 without colliding
        String nextDay = loader.load(disputePlan("e-2"), "2-0", beforeMidnight.plus(Duration.ofMinutes(1))).newTicketId();
        assertEquals("AZ-20261123-0001", nextDay);
        assertNotEquals(first, nextDay);
    }
}
