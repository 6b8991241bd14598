package zhijian.bot.delivery;

import org.junit.jupiter.api.Test;
import zhijian.bot.ChannelConfig;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.TestRedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
    private static final long T0 = 1_795_000_000_000L;

    @Test
    void neverMoreThanTheLimitInAnyWindow_asWeComCounts() {
        RateLimiter limiter = new RateLimiter(TestRedis.client(), new RedisKeys(TestRedis.freshPrefix("limits")),
                Map.of("wecom_app", new ChannelConfig.Limit(30, 0, Duration.ofMinutes(1))));
        // someone tries to send to one member twice a second for three minutes
        List<Long> allowed = new ArrayList<>();
        for (long t = T0; t < T0 + 180_000; t += 500) {
            if (limiter.acquire("wecom_app", "LiuYang", t) == 0) allowed.add(t);
        }
        for (long start = T0; start < T0 + 180_000; start += 500) {
            long from = start;
            long inWindow = allowed.stream().filter(t -> t >= from && t < from + 60_000).count();
            assertTrue(inWindow <= 30, "at most 30 in the minute from " + (from - T0) + " ms, got " + inWindow);
        }
        assertEquals(90, allowed.size(), "and the full 30 a minute do go");
    }

    @Test
    void aWaitingSend_isToldHowLongToWait_andTargetsAreCountedApart() {
        RateLimiter limiter = new RateLimiter(TestRedis.client(), new RedisKeys(TestRedis.freshPrefix("limits2")),
                Map.of("bridge", new ChannelConfig.Limit(2, 3, Duration.ofMinutes(1))));
        assertEquals(0, limiter.acquire("bridge", "章达村村民群", T0));
        assertEquals(0, limiter.acquire("bridge", "章达村村民群", T0 + 1000));
        assertEquals(59_000, limiter.acquire("bridge", "章达村村民群", T0 + 1000), "the group's two are used");
        assertEquals(0, limiter.acquire("bridge", "德吉村村民群", T0 + 2000), "another group still may");
        assertTrue(limiter.acquire("bridge", "帕热村村民群", T0 + 3000) > 0, "but the bridge as a whole has had its three");
        assertEquals(0, limiter.acquire("bridge", "章达村村民群", T0 + 60_000), "a minute after the first, the group may again");
    }
}
