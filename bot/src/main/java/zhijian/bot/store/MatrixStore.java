package zhijian.bot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Station;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The matrix in Redis: loaded from {@code seeds/} on first start (or on an explicit reseed), then the truth for every
 * instance. Each instance keeps a copy in memory and reloads it when the revision counter moves.
 * Residents first seen in a group are kept beside it as contacts.
 */
public final class MatrixStore {
    private static final Logger log = LoggerFactory.getLogger(MatrixStore.class);

    /** The matrix as stored: plain lists of records. */
    public record Doc(Station station, List<Grid> grids, List<Group> groups, List<Member> members) {
        static Doc of(Matrix m) {
            return new Doc(m.station(), List.copyOf(m.grids()), List.copyOf(m.groups()), List.copyOf(m.members()));
        }

        Matrix toMatrix() {
            return new Matrix(station, grids, groups, members);
        }
    }

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
     * Loads the seed matrix when Redis has none (or always, with {@code force}). Returns whether it was written.
     * Tickets, appointments and contacts are never touched.
     */
    public boolean seed(Matrix seeds, boolean force) {
        String json = Json.write(Doc.of(seeds));
        boolean written;
        if (force) {
            redis.set(keys.matrix(), json);
            written = true;
        } else {
            written = "OK".equals(redis.set(keys.matrix(), json, SetParams.setParams().nx()));
        }
        if (written) {
            redis.incr(keys.matrixRev());
            cached = null;
        }
        return written;
    }

    /** The current matrix; at most {@code recheck} old. */
    public Matrix current() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && Duration.between(c.checkedAt(), now).compareTo(recheck) < 0) return c.matrix();
        String revText = redis.get(keys.matrixRev());
        long rev = revText == null ? 0 : Long.parseLong(revText);
        if (c != null && c.rev() == rev) {
            cached = new Cached(rev, c.matrix(), now);
            return c.matrix();
        }
        String json = redis.get(keys.matrix());
        if (json == null) throw new IllegalStateException("no matrix in Redis under " + keys.matrix() + " (was it seeded?)");
        Matrix m = Json.read(json, Doc.class).toMatrix();
        cached = new Cached(rev, m, now);
        if (c != null) log.info("matrix reloaded at revision {}", rev);
        return m;
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
