package zhijian.bot.delivery;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The channels' pace, shared by every instance: sliding windows in Redis, one per channel and one per target
 * (a group, a person). A send is allowed only when neither has had its limit within the last window — never more
 * than the limit in any window, which is how WeCom counts (a token bucket would let up to twice through).
 * Instances compare times from their own clocks: keep them synchronised (NTP).
 */
public final class RateLimiter {
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Map<String, ChannelConfig.Limit> limits;
    private final LuaScript script = LuaScript.load("rate_limit");

    public RateLimiter(UnifiedJedis redis, RedisKeys keys, Map<String, ChannelConfig.Limit> limits) {
        this.redis = redis;
        this.keys = keys;
        this.limits = limits;
    }

    /** Takes a token for one send to {@code target} on {@code channel}; returns 0, or the ms to wait. */
    public long acquire(String channel, String target, long nowMillis) {
        ChannelConfig.Limit l = limits.get(channel);
        if (l == null || (l.perTarget() == 0 && l.perChannel() == 0)) return 0;
        List<String> k = new ArrayList<>();
        List<String> a = new ArrayList<>(List.of(String.valueOf(nowMillis), java.util.UUID.randomUUID().toString()));
        long window = l.window().toMillis();
        if (l.perChannel() > 0) {
            k.add(keys.bucket(channel));
            a.add(String.valueOf(l.perChannel()));
            a.add(String.valueOf(window));
        }
        if (l.perTarget() > 0) {
            k.add(keys.bucket(channel + ":" + target));
            a.add(String.valueOf(l.perTarget()));
            a.add(String.valueOf(window));
        }
        return ((Number) script.run(redis, k, a)).longValue();
    }
}
