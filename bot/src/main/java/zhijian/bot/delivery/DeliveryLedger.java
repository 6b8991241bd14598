package zhijian.bot.delivery;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.message.OutboundMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line per outbound message: where it stands (sent, waiting for an owner's confirmation, failed and being
 * retried, unreachable, dead, withdrawn), through which channel, after how many attempts, and the last error.
 * Kept 30 days. A broadcast's copy also moves its chat's line in the broadcast's ledger, in the same step — and when
 * that makes the wave done, the publisher's summary is queued with it.
 */
public final class DeliveryLedger {
    public enum Status {
        SENT("SENT"), WAITING_CONFIRMATION("WAITING_CONFIRMATION"), RETRYING("RETRYING"), UNREACHABLE("UNREACHABLE"),
        DEAD("FAILED"), WITHDRAWN("WITHDRAWN");

        /** The chat's status in a broadcast's ledger ({@link zhijian.broadcast.TargetStatus}). */
        private final String target;

        Status(String target) { this.target = target; }
    }

    private static final long TTL_SECONDS = 30L * 24 * 3600;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final LuaScript script = LuaScript.load("ledger");

    public DeliveryLedger(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public void record(OutboundMessage m, Status status, String channel, int attempts, String error, String channelId,
                       Instant at) {
        write("", null, "", "", m, status, channel, attempts, error, channelId, at);
    }

    /**
     * Records the line and acknowledges the message's stream entry in one step; returns false (and writes nothing)
     * when another worker had acknowledged it already.
     */
    public boolean recordAndAck(String stream, String group, String entryId, OutboundMessage m, Status status,
                                String channel, int attempts, String error, String channelId, Instant at) {
        return write("xack", stream, group, entryId, m, status, channel, attempts, error, channelId, at);
    }

    /**
     * Records the line and takes the message out of the delayed set in one step; returns false (and writes nothing)
     * when it was no longer there (released, or taken out by another instance).
     */
    public boolean recordAndRemove(String delayedSet, String member, OutboundMessage m, Status status, String channel,
                                   String error, Instant at) {
        return write("zrem", delayedSet, member, "", m, status, channel, 0, error, null, at);
    }

    /**
     * @param step  '' (just the line), 'xack' (with the ack of the stream entry) or 'zrem' (with its removal from the
     *              delayed set)
     * @param where the stream or the delayed set the step works on
     * @param what  the consumer group (xack) or the member (zrem)
     */
    private boolean write(String step, String where, String what, String entryId, OutboundMessage m, Status status,
                          String channel, int attempts, String error, String channelId, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("status", status.name());
        f.put("channel", channel);
        f.put("chat", m.chat());
        f.put("attempts", String.valueOf(attempts));
        f.put("at", at.toString());
        if (error != null) f.put("error", error);
        if (channelId != null) f.put("channelId", channelId);
        List<String> k = new ArrayList<>(List.of(keys.delivery(m.id())));
        if (!step.isEmpty()) k.add(where);
        OutboundMessage.Broadcast b = m.broadcast();
        if (b != null) {
            k.add(keys.waveLedger(b.id(), b.wave()));
            k.add(keys.wavePending(b.id(), b.wave()));
            k.add(keys.inbound());
            k.add(keys.waveReached(b.id(), b.wave()));
            k.add(keys.broadcastStats(b.week()));
        }
        List<String> a = List.of(String.valueOf(TTL_SECONDS), Json.write(f), step, what == null ? "" : what,
                entryId == null ? "" : entryId, m.chat(), status.target, channel, error == null ? "" : error,
                String.valueOf(at.toEpochMilli()), b == null ? "" : b.id(), b == null ? "" : String.valueOf(b.wave()),
                b != null && "ALERT".equals(b.kind()) ? "1" : "0", b == null ? "" : b.category());
        return ((Number) script.run(redis, k, a)).longValue() == 1;
    }

    public Map<String, String> get(String outboundId) {
        return redis.hgetAll(keys.delivery(outboundId));
    }
}
