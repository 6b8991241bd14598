package zhijian.bot.queue;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.message.InboundMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private final Counters counters;
    private final LuaScript script = LuaScript.load("inbox_append");

    public Inbox(UnifiedJedis redis, RedisKeys keys, Duration dedupTtl, Counters counters) {
        this.redis = redis;
        this.keys = keys;
        this.dedupTtl = dedupTtl;
        this.counters = counters;
    }

    public Accepted append(InboundMessage m) {
        return append(m, null, null);
    }

    /**
     * @param transcriptKey a list the message is also appended to in the same step (the simulator's chat), or null
     */
    public Accepted append(InboundMessage m, String transcriptKey, String transcriptEntry) {
        return counted(m, add(keys.dedup(m.channel(), m.channelMsgId()), m.id(), transcriptKey, transcriptEntry,
                List.of("t", "msg", "m", Json.write(m)), dedupTtl));
    }

    /** As {@link #append(InboundMessage)}, remembering the channel's id for {@code ttl} only (channels without ids). */
    public Accepted appendWithTtl(InboundMessage m, Duration ttl) {
        return counted(m, add(keys.dedup(m.channel(), m.channelMsgId()), m.id(), null, null,
                List.of("t", "msg", "m", Json.write(m)), ttl));
    }

    /** The inbound rate per channel for /metrics: messages made durable, and retries dropped as already accepted. */
    private Accepted counted(InboundMessage m, Accepted a) {
        counters.inc((a.duplicate() ? "inbound.duplicates." : "inbound.accepted.") + m.channel());
        return a;
    }

    /**
     * Accepts a piece of work that is not a message (a 微信客服 event: "fetch the new messages"), once per
     * {@code channel}/{@code dedupId}, to be run by the inbox workers' side job for {@code type}.
     */
    public Accepted appendJob(String channel, String dedupId, String type, Map<String, String> fields) {
        List<String> f = new ArrayList<>(List.of("t", type));
        fields.forEach((k, v) -> {
            f.add(k);
            f.add(v);
        });
        return add(keys.dedup(channel, dedupId), type + ":" + dedupId, null, null, f, dedupTtl);
    }

    private Accepted add(String dedupKey, String id, String transcriptKey, String transcriptEntry, List<String> fields,
                         Duration ttl) {
        List<String> k = new ArrayList<>(List.of(dedupKey, keys.inbound()));
        List<String> a = new ArrayList<>(List.of(String.valueOf(ttl.toSeconds()), id,
                transcriptEntry == null ? "" : transcriptEntry));
        if (transcriptKey != null) k.add(transcriptKey);
        a.addAll(fields);
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) script.run(redis, k, a);
        return new Accepted(String.valueOf(out.get(1)), ((Number) out.get(0)).longValue() == 0);
    }
}
