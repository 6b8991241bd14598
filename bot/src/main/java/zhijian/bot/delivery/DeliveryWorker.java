package zhijian.bot.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.Json;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.StreamWorker;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Takes messages off the outbound stream and hands each to the sender of its chat's channel. A message for a chat
 * or channel that does not exist goes to the dead-letter stream at once, with the reason: kept, never silently lost.
 */
public final class DeliveryWorker extends StreamWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final MatrixStore matrices;
    private final Map<String, ChannelSender> senders;

    public DeliveryWorker(UnifiedJedis redis, RedisKeys keys, String consumer, Duration claimIdle, int maxAttempts,
                          Counters counters, MatrixStore matrices, Map<String, ChannelSender> senders) {
        super(redis, keys.outbound(), keys.outboundDead(), RedisKeys.DELIVERY_GROUP, consumer, claimIdle, maxAttempts, counters);
        this.matrices = matrices;
        this.senders = Map.copyOf(senders);
    }

    @Override
    protected String name() { return "delivery"; }

    @Override
    protected void handle(StreamEntry entry) throws Exception {
        OutboundMessage m = Json.read(entry.getFields().get("m"), OutboundMessage.class);
        MDC.put("msg", m.id());
        Matrix matrix = matrices.current();
        Optional<Group> chat = matrices.chat(matrix, m.chat());
        if (chat.isEmpty()) {
            moveToDeadLetter(entry, "no such chat: " + m.chat());
            return;
        }
        ChannelSender sender = senders.get(chat.get().channel());
        if (sender == null) {
            moveToDeadLetter(entry, "channel '" + chat.get().channel() + "' of chat " + m.chat() + " is not configured");
            return;
        }
        sender.deliver(new Entry(entry.getID()), m, chat.get(), matrix);
        counters.inc("delivery.sent." + sender.channel());
        log.debug("delivered {} to {}", m.id(), m.chat());
    }

    private final class Entry implements ChannelSender.OutboundEntry {
        private final StreamEntryID id;

        Entry(StreamEntryID id) {
            this.id = id;
        }

        @Override public String stream() { return DeliveryWorker.this.stream; }
        @Override public String group() { return DeliveryWorker.this.group; }
        @Override public String id() { return id.toString(); }
        @Override public boolean ack() { return redis.xack(stream, group, id) == 1; }
    }
}
