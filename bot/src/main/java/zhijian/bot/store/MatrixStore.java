package zhijian.bot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Station;
import zhijian.matrix.edit.MatrixEdit;
import zhijian.matrix.edit.MatrixEditor;
import zhijian.matrix.edit.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The matrix in Redis: loaded from {@code seeds/} on first start (or on an explicit reseed, which overwrites whatever
 * the console changed), then the truth for every instance. Each instance keeps a copy in memory and reloads it when
 * the revision counter moves (checked at most every {@code recheck}). The console changes it through {@link #edit}:
 * the edit is applied to the matrix as read and written only if nobody wrote in between (else read and applied
 * again), and every write — edits and seedings alike — appends a line to the change log, in the same script.
 * Residents first seen in a group are kept beside it as contacts.
 */
public final class MatrixStore {
    private static final Logger log = LoggerFactory.getLogger(MatrixStore.class);
    /** How often an edit is applied again when another write came first. */
    public static final int EDIT_ATTEMPTS = 5;
    /** How many changes the log keeps (a station makes a handful a week). */
    public static final int CHANGES_KEPT = 10_000;
    /** Who the change log names for a seeding. */
    public static final String SEEDS = "seeds";

    /** The matrix as stored: plain lists of records. */
    public record Doc(Station station, List<Grid> grids, List<Group> groups, List<Member> members) {
        static Doc of(Matrix m) {
            return new Doc(m.station(), List.copyOf(m.grids()), List.copyOf(m.groups()), List.copyOf(m.members()));
        }

        Matrix toMatrix() {
            return new Matrix(station, grids, groups, members);
        }
    }

    /**
     * One line of the change log: the revision the change made, when, who (roster id and name, or {@code seeds}),
     * the action ({@code upsert}, {@code deactivate}, {@code reactivate}, {@code seed}, {@code reseed}), what
     * ({@code people} / {@code grids} / {@code groups} / {@code station} and the id) and a sentence saying what changed.
     */
    public record Change(long rev, Instant at, String by, String byName, String action, String subject, String id,
                         String summary) {}

    /** What an edit came to, and the revision the matrix is at after it. */
    public record Edited(Outcome outcome, long revision) {}

    /** An edit that lost the race to other writes {@link #EDIT_ATTEMPTS} times in a row: nothing was written. */
    public static final class Contended extends RuntimeException {
        Contended(String message) {
            super(message);
        }
    }

    private final LuaScript write = LuaScript.load("matrix_write");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration recheck;
    private volatile Cached cached;

    private record Cached(long rev, Matrix matrix, Instant checkedAt) {}

    public MatrixStore(UnifiedJedis redis, RedisKeys keys, Clock clock, Duration recheck) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.recheck = recheck;
    }

    /**
     * Loads the seed matrix when Redis has none (or always, with {@code force}: what the console changed is
     * overwritten, and the change log says so). Returns whether it was written. Tickets, appointments and contacts
     * are never touched.
     */
    public boolean seed(Matrix seeds, boolean force) {
        Change change = new Change(0, clock.instant(), SEEDS, "seeds/", force ? "reseed" : "seed", null, null,
                force ? "按 seeds/ 重新装载矩阵（--reseed）：此前在工作台上的修改被覆盖" : "首次启动，按 seeds/ 装载矩阵");
        long rev = write(force ? "*" : "new", seeds, change);
        if (rev > 0) cached = null;
        return rev > 0;
    }

    /**
     * Applies a console edit made by {@code by} over the newest matrix and writes it, unless another write came
     * between the read and the write: then it reads again and applies the edit again (the edit is a set of fields, so
     * applying it over the newer matrix keeps both changes). Refused and unchanged edits write nothing.
     *
     * @throws Contended when other writes won {@link #EDIT_ATTEMPTS} times in a row
     */
    public Edited edit(MatrixEdit edit, String by) {
        for (int attempt = 1; attempt <= EDIT_ATTEMPTS; attempt++) {
            List<String> got = redis.mget(keys.matrixRev(), keys.matrix());
            long rev = got.get(0) == null ? 0 : Long.parseLong(got.get(0));
            Matrix before = parse(got.get(1));
            Outcome out = MatrixEditor.apply(before, edit, by);
            if (!(out instanceof Outcome.Applied applied)) return new Edited(out, rev);
            String action = edit instanceof MatrixEdit.SetActive s ? (s.active() ? "reactivate" : "deactivate") : "upsert";
            Change change = new Change(0, clock.instant(), by, before.nameOf(by), action, edit.subject().key(), edit.id(),
                    applied.summary());
            long written = compareAndSet(rev, applied.matrix(), change);
            if (written > 0) {
                cached = new Cached(written, applied.matrix(), clock.instant());
                log.info("matrix revision {}: {} {} {} by {}", written, action, edit.subject().key(), edit.id(), by);
                return new Edited(out, written);
            }
            log.info("matrix moved past revision {} during an edit by {} (attempt {}): applying it again", rev, by, attempt);
        }
        throw new Contended("the matrix kept changing under an edit by " + by);
    }

    /** Writes the matrix and its change if the revision is still {@code over}; the new revision, or 0 when it is not. */
    long compareAndSet(long over, Matrix matrix, Change change) {
        return write(String.valueOf(over), matrix, change);
    }

    /** Writes through the script; the new revision, or 0 when the expectation did not hold. */
    private long write(String expected, Matrix matrix, Change change) {
        List<?> r = (List<?>) write.run(redis, List.of(keys.matrix(), keys.matrixRev(), keys.matrixChanges()),
                List.of(expected, Json.write(Doc.of(matrix)), Json.write(change), String.valueOf(CHANGES_KEPT)));
        return ((Long) r.get(0)) == 1 ? (Long) r.get(1) : 0;
    }

    /** The newest changes first. */
    public List<Change> changes(int limit) {
        List<Change> out = new ArrayList<>();
        for (String json : redis.lrange(keys.matrixChanges(), -limit, -1)) out.add(Json.read(json, Change.class));
        java.util.Collections.reverse(out);
        return out;
    }

    /** A matrix and the revision it is. */
    public record Versioned(long revision, Matrix matrix) {}

    /** The current matrix; at most {@code recheck} old. */
    public Matrix current() {
        return fresh().matrix();
    }

    /** The current matrix with its revision; at most {@code recheck} old. */
    public Versioned versioned() {
        Cached c = fresh();
        return new Versioned(c.rev(), c.matrix());
    }

    private Cached fresh() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && Duration.between(c.checkedAt(), now).compareTo(recheck) < 0) return c;
        String revText = redis.get(keys.matrixRev());
        long rev = revText == null ? 0 : Long.parseLong(revText);
        if (c != null && c.rev() == rev) return cached = new Cached(rev, c.matrix(), now);
        // the revision and the document read together: a write between two reads would pair them wrongly
        List<String> got = redis.mget(keys.matrixRev(), keys.matrix());
        Cached read = new Cached(got.get(0) == null ? 0 : Long.parseLong(got.get(0)), parse(got.get(1)), now);
        cached = read;
        if (c != null) log.info("matrix reloaded at revision {}", read.rev());
        return read;
    }

    private Matrix parse(String json) {
        if (json == null) throw new IllegalStateException("no matrix in Redis under " + keys.matrix() + " (was it seeded?)");
        return Json.read(json, Doc.class).toMatrix();
    }

    public Optional<Member> contact(String id) {
        String json = redis.hget(keys.contacts(), id);
        return Optional.ofNullable(json).map(j -> Json.read(j, Member.class));
    }

    public List<Member> contacts() {
        Map<String, String> all = redis.hgetAll(keys.contacts());
        List<Member> out = new ArrayList<>();
        for (String json : all.values()) out.add(Json.read(json, Member.class));
        out.sort(java.util.Comparator.comparing(Member::id));
        return out;
    }

    /** A chat by id: a group or a roster member's private chat from the matrix, or a contact's private chat. */
    public Optional<Group> chat(Matrix matrix, String chatId) {
        Optional<Group> g = matrix.chat(chatId);
        if (g.isPresent()) return g;
        String who = Group.privateChatMember(chatId);
        return who == null ? Optional.empty() : contact(who).map(matrix::privateChatOf);
    }
}
