package zhijian.bot.queue;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.message.InboundMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every channel hands in what people said. One script drops the channel's retries (by the channel's message
 * id, remembered for the dedup TTL) and puts the message on the inbound stream; a channel answers its callback only
 * after this returns, so an accepted message is already durable.
 */
public final class Inbox {
    /** The gateway's id of the message, and whether it had been accepted before (a retry). */
    public record Accepted(String messageId, boolean duplicate) {}

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Duration dedupTtl;
    private final LuaScript script = LuaScript.load("inbox_append");

    public Inbox(UnifiedJedis redis, RedisKeys keys, Duration dedupTtl) {
        this.redis = redis;
        this.keys = keys;
        this.dedupTtl = dedupTtl;
    }

    public Accepted append(InboundMessage m) {
        return append(m, null, null);
    }

    /**
     * @param transcriptKey a list the message is also appended to in the same step (the simulator's chat), or null
     */
    public Accepted append(InboundMessage m, String transcriptKey, String transcriptEntry) {
        List<String> k = new ArrayList<>(List.of(keys.dedup(m.channel(), m.channelMsgId()), keys.inbound()));
        List<String> a = new ArrayList<>(List.of(String.valueOf(dedupTtl.toSeconds()), m.id(), Json.write(m)));
        if (transcriptKey != null) {
            k.add(transcriptKey);
            a.add(transcriptEntry);
        }
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) script.run(redis, k, a);
        return new Accepted(String.valueOf(out.get(1)), ((Number) out.get(0)).longValue() == 0);
    }
}
