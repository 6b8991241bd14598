package zhijian.bot.delivery;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.redis.RedisKeys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line per outbound message: where it stands (queued, sent, waiting for an owner's confirmation, failed and
 * being retried, unreachable, dead), through which channel, after how many attempts, and the last error.
 * Kept 30 days.
 */
public final class DeliveryLedger {
    public enum Status { SENT, WAITING_CONFIRMATION, RETRYING, UNREACHABLE, DEAD }

    private static final long TTL_SECONDS = 30L * 24 * 3600;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public DeliveryLedger(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public void record(String outboundId, Status status, String channel, String chat, int attempts, String error,
                       String channelId, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("status", status.name());
        f.put("channel", channel);
        f.put("chat", chat);
        f.put("attempts", String.valueOf(attempts));
        f.put("at", at.toString());
        if (error != null) f.put("error", error);
        if (channelId != null) f.put("channelId", channelId);
        String key = keys.delivery(outboundId);
        // the line is the whole current state: an error from an earlier attempt does not stay on a sent message
        try (var tx = redis.multi()) {
            tx.del(key);
            tx.hset(key, f);
            tx.expire(key, TTL_SECONDS);
            tx.exec();
        }
    }

    public Map<String, String> get(String outboundId) {
        return redis.hgetAll(keys.delivery(outboundId));
    }
}
