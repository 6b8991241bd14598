package zhijian.bot.queue;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimerWorkerTest {

    @Test
    void dueDeadlines_fireOnce_evenWithSeveralInstancesFiring() throws Exception {
        RedisKeys keys = new RedisKeys(TestRedis.freshPrefix("timers"));
        UnifiedJedis redis = TestRedis.client();
        Instant t0 = Instant.parse("2026-11-22T04:00:00Z");
        for (int i = 0; i < 500; i++) redis.zadd(keys.timers(), t0.toEpochMilli() + i, "SIGN|AZ-20261122-" + i + "|1");
        redis.zadd(keys.timers(), t0.plus(Duration.ofHours(1)).toEpochMilli(), "SIGN|AZ-LATER|1");

        MutableClock clock = new MutableClock(t0.plusSeconds(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> fired = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TimerWorker w = new TimerWorker(redis, keys, clock, Duration.ofMillis(100), new Counters());
            fired.add(pool.submit(() -> {
                long n = 0, k;
                while ((k = w.fireDue()) > 0) n += k;
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : fired) total += f.get();
        pool.shutdown();
        assertEquals(500, total, "each due deadline fired by exactly one firer");
        assertEquals(500, redis.xlen(keys.inbound()));
        assertEquals(1, redis.zcard(keys.timers()), "the one not yet due stays");
    }
}
