package zhijian.bot.queue;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * Where a stream stands, as /healthz and /metrics report it: its length, the entries handed to a worker of the group
 * and not yet acknowledged, and when the oldest of those was added (epoch ms; 0 when none).
 */
public record StreamState(long length, long pending, long oldestPendingAt) {
    public static StreamState of(UnifiedJedis redis, String key, String group) {
        if (!redis.exists(key)) return new StreamState(0, 0, 0);
        long length = redis.xlen(key);
        try {
            StreamPendingSummary p = redis.xpending(key, group);
            long oldest = p.getTotal() > 0 && p.getMinId() != null ? p.getMinId().getTime() : 0;
            return new StreamState(length, p.getTotal(), oldest);
        } catch (RuntimeException e) {
            return new StreamState(length, 0, 0);   // the group is made when the first worker starts
        }
    }

    /** The length of a stream that may not exist yet (a dead-letter stream). */
    public static long length(UnifiedJedis redis, String key) {
        return redis.exists(key) ? redis.xlen(key) : 0;
    }
}
