package zhijian.bot.broadcast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Json;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.DeliveryLedger;
import zhijian.bot.delivery.DeliveryWorker;
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
    private final DeliveryLedger ledger;
    private final LuaScript script = LuaScript.load("fanout_batch");
    private final LuaScript giveBack = LuaScript.load("pace_give_back");

    public FanoutJob(UnifiedJedis redis, RedisKeys keys, MatrixStore matrices, BroadcastStore broadcasts,
                     SenderSet senders, Map<String, ChannelConfig.Limit> limits, DeliveryLedger ledger, Clock clock,
                     Counters counters, int batch) {
        this.redis = redis;
        this.keys = keys;
        this.matrices = matrices;
        this.broadcasts = broadcasts;
        this.senders = senders;
        this.limits = limits;
        this.ledger = ledger;
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
        if (w.kind() != Broadcast.Wave.Kind.ALERT) withdrawQueued(b, w, matrix);
        // an urgent broadcast and a Cancel do not queue behind paced copies: the rate limiter alone paces them
        boolean paced = !b.urgent() && w.kind() != Broadcast.Wave.Kind.CANCEL;
        String targets = keys.waveTargets(id, n);
        int handed = 0;
        long total = 0;
        while (true) {
            String c = redis.get(keys.waveCursor(id, n));
            long cursor = c == null ? 0 : Long.parseLong(c);
            long len = redis.llen(targets);   // 0 once handed out in full (the last batch drops the list)
            total = Math.max(total, len);
            if (cursor >= len) break;
            List<String> chats = redis.lrange(targets, cursor, cursor + batch - 1);
            boolean last = cursor + chats.size() >= len;
            // a wave cancelled while it is being handed out: the rest of an Alert or Update is settled as withdrawn
            boolean withdrawn = w.kind() != Broadcast.Wave.Kind.CANCEL && !"ACTIVE".equals(redis.hget(keys.broadcast(id), "state"));
            Batch out = new Batch(paced, w.kind() == Broadcast.Wave.Kind.CANCEL);
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
                    keys.waveLedger(id, n), keys.wavePending(id, n), keys.inbound(), keys.broadcastReached(id), targets));
            k.addAll(out.paceKeys);
            Object r = script.run(redis, k, List.of(String.valueOf(cursor), String.valueOf(cursor + chats.size()),
                    String.valueOf(clock.millis()), Json.write(out.items), id, String.valueOf(n), last ? "1" : "0"));
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

    /**
     * A Cancel, or an Update that replaces what went before: copies of the broadcast still waiting for their turn in
     * the delayed set will never go, so they are settled as withdrawn now (the publisher's summary need not wait for
     * their turns) and their channels get the slots back.
     */
    private void withdrawQueued(Broadcast b, Broadcast.Wave w, Matrix matrix) {
        Map<String, Integer> freed = new LinkedHashMap<>();
        int n = 0;
        for (String member : redis.zrange(keys.outboundDelayed(), 0, -1)) {
            if (!member.contains(b.id())) continue;
            OutboundMessage m = DeliveryWorker.delayedMessage(member).orElse(null);
            if (m == null) continue;
            OutboundMessage.Broadcast ref = m.broadcast();
            if (ref == null || !ref.id().equals(b.id()) || ref.wave() >= w.n() || ref.cancel()) continue;
            String channel = matrices.chat(matrix, m.chat()).flatMap(senders::forChat).map(ChannelSender::channel).orElse("-");
            String why = w.kind() == Broadcast.Wave.Kind.CANCEL ? null : "已被更正取代，改发更正后的内容";
            if (ledger.recordAndRemove(keys.outboundDelayed(), member, m, DeliveryLedger.Status.WITHDRAWN, channel, why,
                    clock.instant())) {
                n++;
                freed.merge(channel, 1, Integer::sum);
            }
        }
        freed.forEach((channel, count) -> {
            ChannelConfig.Limit l = limits.get(channel);
            if (l == null || l.perChannel() <= 0) return;
            long spacing = Math.max(1, l.window().toMillis() / l.perChannel());
            giveBack.run(redis, List.of(keys.pace(channel)), List.of(String.valueOf(clock.millis()), String.valueOf(count * spacing)));
        });
        if (n > 0) log.info("broadcast {}: {} queued copies withdrawn before their turn ({})", b.id(), n, w.kind());
    }

    /**
     * The job went to the dead-letter stream (it kept failing): the chats it had not handed out are settled as failed,
     * so the wave completes and the publisher hears which.
     */
    @Override
    public void gaveUp(Map<String, String> f, String reason) {
        String id = f.get("b");
        int n;
        try {
            n = Integer.parseInt(f.get("w"));
        } catch (NumberFormatException e) {
            return;
        }
        String targets = keys.waveTargets(id, n);
        while (true) {
            String c = redis.get(keys.waveCursor(id, n));
            long cursor = c == null ? 0 : Long.parseLong(c);
            long total = redis.llen(targets);
            if (cursor >= total) return;
            List<String> chats = redis.lrange(targets, cursor, cursor + batch - 1);
            Batch out = new Batch(false, false);
            for (String chat : chats) out.settle(chat, TargetStatus.FAILED, "分发出错，没有发出（" + reason + "）");
            script.run(redis, List.of(keys.waveCursor(id, n), keys.outbound(), keys.outboundDelayed(), keys.waveLedger(id, n),
                    keys.wavePending(id, n), keys.inbound(), keys.broadcastReached(id), targets),
                    List.of(String.valueOf(cursor), String.valueOf(cursor + chats.size()), String.valueOf(clock.millis()),
                            Json.write(out.items), id, String.valueOf(n), cursor + chats.size() >= total ? "1" : "0"));
        }
    }

    /** The items of one batch, and the pace keys they name. */
    private final class Batch {
        final List<Map<String, Object>> items = new ArrayList<>();
        final List<String> paceKeys = new ArrayList<>();
        private final Map<String, Integer> paceIndex = new LinkedHashMap<>();
        private final boolean paced;
        private final boolean onlyReached;

        Batch(boolean paced, boolean onlyReached) {
            this.paced = paced;
            this.onlyReached = onlyReached;
        }

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
            if (onlyReached) it.put("r", 1);
            ChannelConfig.Limit l = !paced || channel == null ? null : limits.get(channel);
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
