package zhijian.bot.broadcast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Json;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.SenderSet;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.InboxWorker;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.BroadcastStore;
import zhijian.bot.store.MatrixStore;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.TargetStatus;
import zhijian.broadcast.Weeks;
import zhijian.matrix.Channels;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands a broadcast wave to delivery: walks the wave's chats in batches and puts one copy per chat on the outbound
 * stream — each batch in one script, guarded by the wave's cursor, so an instance that takes the job over after a
 * crash goes on where it stopped and nothing is handed out twice. Chats on a channel with a channel-wide limit (the
 * bridge) get their copies spaced at that channel's pace, so hundreds of copies wait in the delayed set instead of
 * all asking the rate limiter at once; the limiter stays the hard guard. Chats no channel can post to are settled at
 * once, with the reason.
 */
public final class FanoutJob implements InboxWorker.SideJob {
    private static final Logger log = LoggerFactory.getLogger(FanoutJob.class);

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final MatrixStore matrices;
    private final BroadcastStore broadcasts;
    private final SenderSet senders;
    private final Map<String, ChannelConfig.Limit> limits;
    private final Clock clock;
    private final Counters counters;
    private final int batch;
    private final LuaScript script = LuaScript.load("fanout_batch");

    public FanoutJob(UnifiedJedis redis, RedisKeys keys, MatrixStore matrices, BroadcastStore broadcasts,
                     SenderSet senders, Map<String, ChannelConfig.Limit> limits, Clock clock, Counters counters, int batch) {
        this.redis = redis;
        this.keys = keys;
        this.matrices = matrices;
        this.broadcasts = broadcasts;
        this.senders = senders;
        this.limits = limits;
        this.clock = clock;
        this.counters = counters;
        this.batch = batch;
    }

    @Override
    public void run(Map<String, String> f) {
        String id = f.get("b");
        int n = Integer.parseInt(f.get("w"));
        Optional<Broadcast> found = broadcasts.get(id);
        if (found.isEmpty() || n < 1 || n > found.get().waves().size()) {
            log.warn("fan-out of {} wave {}: no such broadcast wave; nothing to do", id, n);
            return;
        }
        Broadcast b = found.get();
        Broadcast.Wave w = b.wave(n);
        Matrix matrix = matrices.current();
        String week = Weeks.of(b.sentAt() != null ? b.sentAt() : b.createdAt(), matrix.station().zone());
        OutboundMessage.Broadcast ref = new OutboundMessage.Broadcast(id, n, w.kind().name(), b.category(), week);
        String targets = keys.waveTargets(id, n);
        long total = redis.llen(targets);
        int handed = 0;
        while (true) {
            String c = redis.get(keys.waveCursor(id, n));
            long cursor = c == null ? 0 : Long.parseLong(c);
            if (cursor >= total) break;
            List<String> chats = redis.lrange(targets, cursor, cursor + batch - 1);
            // a wave cancelled while it is being handed out: the rest of an Alert or Update is settled as withdrawn
            boolean withdrawn = w.kind() != Broadcast.Wave.Kind.CANCEL && !"ACTIVE".equals(redis.hget(keys.broadcast(id), "state"));
            Batch out = new Batch();
            for (String chat : chats) {
                Optional<Group> g = matrices.chat(matrix, chat);
                if (g.isEmpty()) {
                    out.settle(chat, TargetStatus.FAILED, "这个群已不在群矩阵中");
                } else if (!Channels.canPost(g.get().channel())) {
                    out.settle(chat, TargetStatus.NO_CHANNEL, "智能机器人只能回复，不能主动发消息");
                } else if (withdrawn) {
                    out.settle(chat, TargetStatus.WITHDRAWN, null);
                } else {
                    OutboundMessage m = new OutboundMessage(id + ":w" + n + ":" + chat, chat, w.body(), null, null, null,
                            null, OutboundMessage.Kind.BROADCAST, w.title(), ref);
                    out.send(chat, Json.write(m), senders.forChat(g.get()).map(ChannelSender::channel).orElse(null));
                }
            }
            List<String> k = new ArrayList<>(List.of(keys.waveCursor(id, n), keys.outbound(), keys.outboundDelayed(),
                    keys.waveLedger(id, n), keys.wavePending(id, n), keys.inbound()));
            k.addAll(out.paceKeys);
            Object r = script.run(redis, k, List.of(String.valueOf(cursor), String.valueOf(cursor + chats.size()),
                    String.valueOf(clock.millis()), Json.write(out.items), id, String.valueOf(n)));
            long queued = ((Number) r).longValue();
            if (queued < 0) {
                counters.inc("fanout.cursor_moved");   // another instance handed this batch out; read again
                continue;
            }
            handed += (int) queued;
        }
        counters.inc("fanout.waves");
        log.info("broadcast {} wave {} ({}) handed to delivery: {} copies for {} chats", id, n, w.kind(), handed, total);
    }

    /** The items of one batch, and the pace keys they name. */
    private final class Batch {
        final List<Map<String, Object>> items = new ArrayList<>();
        final List<String> paceKeys = new ArrayList<>();
        private final Map<String, Integer> paceIndex = new LinkedHashMap<>();

        void settle(String chat, TargetStatus s, String reason) {
            Map<String, Object> it = new LinkedHashMap<>();
            it.put("c", chat);
            it.put("s", s.name());
            if (reason != null) it.put("e", reason);
            items.add(it);
        }

        void send(String chat, String message, String channel) {
            Map<String, Object> it = new LinkedHashMap<>();
            it.put("c", chat);
            it.put("m", message);
            ChannelConfig.Limit l = channel == null ? null : limits.get(channel);
            if (l != null && l.perChannel() > 0) {
                int p = paceIndex.computeIfAbsent(channel, ch -> {
                    paceKeys.add(keys.pace(ch));
                    return paceKeys.size();
                });
                it.put("p", p);
                it.put("g", Math.max(1, l.window().toMillis() / l.perChannel()));
            } else {
                it.put("p", 0);
            }
            items.add(it);
        }
    }
}
