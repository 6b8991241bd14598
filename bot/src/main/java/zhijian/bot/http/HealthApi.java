package zhijian.bot.http;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.StreamState;
import zhijian.bot.redis.RedisConnect;
import zhijian.bot.redis.RedisKeys;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /healthz}: 200 when this instance can reach Redis, 503 when it cannot; streams and counters beside. */
public final class HealthApi {
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final String instance;
    private final String redisMode;
    private final Counters counters;

    public HealthApi(UnifiedJedis redis, RedisKeys keys, String instance, String redisMode, Counters counters) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.redisMode = redisMode;
        this.counters = counters;
    }

    public Reply health(Request req) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", instance);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", redisMode);
        boolean up;
        try {
            long t0 = System.nanoTime();
            RedisConnect.ping(redis, keys);
            r.put("status", "ok");
            r.put("pingMs", Math.round((System.nanoTime() - t0) / 1e4) / 100.0);
            body.put("streams", Map.of(
                    "inbound", stream(keys.inbound(), RedisKeys.INBOX_GROUP),
                    "outbound", stream(keys.outbound(), RedisKeys.DELIVERY_GROUP),
                    "inboundDead", StreamState.length(redis, keys.inboundDead()),
                    "outboundDead", StreamState.length(redis, keys.outboundDead())));
            up = true;
        } catch (RuntimeException e) {
            r.put("status", "unavailable");
            r.put("error", e.getClass().getSimpleName());
            up = false;
        }
        body.put("status", up ? "ok" : "degraded");
        body.put("redis", r);
        body.put("counters", counters.snapshot());
        return Reply.json(up ? 200 : 503, body);
    }

    private Map<String, Object> stream(String key, String group) {
        StreamState st = StreamState.of(redis, key, group);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("length", st.length());
        s.put("pending", st.pending());
        return s;
    }
}
