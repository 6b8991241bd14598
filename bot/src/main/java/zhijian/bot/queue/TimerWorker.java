package zhijian.bot.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Watches the deadlines (a sorted set by due time) and moves each one that came due onto the inbound stream, where
 * it is handled like a message. Moving is atomic, so with several instances each deadline fires once, and a crash
 * never loses one. Outbound messages put aside (rate limits, retries) go back on the outbound stream the same
 * way. Once a minute it also has the {@link StreamJanitor} drop handled stream entries.
 */
public final class TimerWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TimerWorker.class);

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration poll;
    private final Counters counters;
    private final LuaScript fire = LuaScript.load("fire_timers");
    private final LuaScript release = LuaScript.load("release_delayed");
    private final StreamJanitor janitor;
    private volatile boolean running = true;
    private long lastTrim;

    public TimerWorker(UnifiedJedis redis, RedisKeys keys, Clock clock, Duration poll, Counters counters) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.poll = poll;
        this.counters = counters;
        this.janitor = new StreamJanitor(redis);
    }

    /** Fires what is due now; returns how many. */
    public long fireDue() {
        Object n = fire.run(redis, List.of(keys.timers(), keys.inbound()), List.of(String.valueOf(clock.millis()), "200"));
        long fired = ((Number) n).longValue();
        for (long i = 0; i < fired; i++) counters.inc("timers.fired");
        return fired;
    }

    /** Puts outbound messages whose wait (rate limit, retry) is over back on the outbound stream. */
    public long releaseDelayed() {
        Object n = release.run(redis, List.of(keys.outboundDelayed(), keys.outbound()),
                List.of(String.valueOf(clock.millis()), "200"));
        return ((Number) n).longValue();
    }

    /** Once a minute, drops stream entries that every group has handled. */
    private void trimStreamsNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - lastTrim < 60_000) return;
        lastTrim = now;
        janitor.trim(keys.inbound());
        janitor.trim(keys.outbound());
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        boolean down = false;
        while (running) {
            try {
                while (fireDue() == 200) {
                    // a backlog (after downtime): keep going
                }
                while (releaseDelayed() == 200) {
                    // likewise
                }
                trimStreamsNowAndThen();
                if (down) log.info("timers: Redis is back");
                down = false;
            } catch (JedisConnectionException | JedisClusterOperationException e) {
                if (!down) log.warn("timers: Redis unavailable ({}); retrying", e.getMessage());
                down = true;
            } catch (Throwable e) {
                log.error("timers: firing failed; continuing", e);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
