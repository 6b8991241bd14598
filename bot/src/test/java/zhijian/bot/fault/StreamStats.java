package zhijian.bot.fault;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;

import java.util.List;

/** What a consumer group of a stream holds, read straight from Redis. */
final class StreamStats {
    private StreamStats() {}

    /** Entries handed to some consumer and not acknowledged. */
    static long pending(UnifiedJedis redis, String stream, String group) {
        if (!redis.exists(stream)) return 0;
        return redis.xpending(stream, group).getTotal();
    }

    /** Entries no consumer of the group has been handed yet. */
    static long unread(UnifiedJedis redis, String stream, String group) {
        if (!redis.exists(stream)) return 0;
        StreamEntryID last = redis.xinfoGroups(stream).stream().filter(g -> g.getName().equals(group))
                .map(StreamGroupInfo::getLastDeliveredId).findFirst().orElse(new StreamEntryID());
        return redis.xrange(stream, "(" + last, "+").size();
    }

    /** The entries pending for consumers whose name starts with {@code consumerPrefix} (one instance's workers). */
    static List<StreamPendingEntry> pendingOf(UnifiedJedis redis, String stream, String group, String consumerPrefix) {
        if (!redis.exists(stream)) return List.of();
        return redis.xpending(stream, group, XPendingParams.xPendingParams(new StreamEntryID(), StreamEntryID.MAXIMUM_ID, 10_000)).stream()
                .filter(p -> p.getConsumerName().startsWith(consumerPrefix)).toList();
    }
}
