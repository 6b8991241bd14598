package zhijian.bot.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XTrimParams;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingSummary;

import java.util.List;

/**
 * Keeps the streams from growing without end: drops entries every consumer group has read and acknowledged.
 * Nothing pending and nothing unread is ever dropped; tickets and transcripts keep the history.
 */
public final class StreamJanitor {
    private static final Logger log = LoggerFactory.getLogger(StreamJanitor.class);

    private final UnifiedJedis redis;

    public StreamJanitor(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Trims one stream; returns how many entries were dropped. */
    public long trim(String stream) {
        if (!redis.exists(stream)) return 0;
        List<StreamGroupInfo> groups = redis.xinfoGroups(stream);
        if (groups.isEmpty()) return 0;
        StreamEntryID keepFrom = null;
        for (StreamGroupInfo g : groups) {
            StreamEntryID candidate;
            StreamPendingSummary pending = redis.xpending(stream, g.getName());
            if (pending.getTotal() > 0) {
                candidate = pending.getMinId();
            } else {
                StreamEntryID last = g.getLastDeliveredId();
                candidate = new StreamEntryID(last.getTime(), last.getSequence() + 1);
            }
            if (keepFrom == null || candidate.compareTo(keepFrom) < 0) keepFrom = candidate;
        }
        long dropped = redis.xtrim(stream, XTrimParams.xTrimParams().minId(keepFrom.toString()));
        if (dropped > 0) log.debug("trimmed {} handled entries from {}", dropped, stream);
        return dropped;
    }
}
