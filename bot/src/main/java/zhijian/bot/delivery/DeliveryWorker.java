package zhijian.bot.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Json;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.StreamWorker;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;
import zhijian.text.Texts;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes messages off the outbound stream and sends each through its chat's channel: split to the channel's size,
 * at the channel's pace (shared sliding windows), retried with backoff when the channel is busy or erring, and given
 * up only after {@code maxAttempts} — then kept on the dead-letter stream and the duty officer told. While a channel
 * is down (unreachable) a message waits without using up attempts, up to {@code maxWait}. Nothing is dropped
 * silently. A chat bound to a channel this gateway has not configured is shown in the simulator while the simulator
 * is on (the demo), and dead-lettered when it is off. A broadcast's copy is first checked against the broadcast:
 * one cancelled before it went is withdrawn, not sent.
 *
 * <p>Entry fields: {@code m} the message, {@code attempt} sends tried so far, {@code done} parts already sent,
 * {@code since} when it first could not go (ms).
 */
public final class DeliveryWorker extends StreamWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final RedisKeys keys;
    private final MatrixStore matrices;
    private final SenderSet senders;
    private final RateLimiter limiter;
    private final DeliveryLedger ledger;
    private final ChannelConfig.Delivery policy;
    private final Clock clock;
    private final LuaScript defer = LuaScript.load("defer_outbound");
    private final LuaScript giveUp = LuaScript.load("dead_letter_outbound");
    private final LuaScript claim = LuaScript.load("broadcast_claim");

    /** Where one entry stands while it is being sent. */
    private record Progress(String entryId, OutboundMessage m, String json, int attempt, int done, long since,
                            String chatName) {}

    public DeliveryWorker(UnifiedJedis redis, RedisKeys keys, String consumer, Duration claimIdle, int maxAttempts,
                          Counters counters, MatrixStore matrices, SenderSet senders, RateLimiter limiter,
                          DeliveryLedger ledger, ChannelConfig.Delivery policy, Clock clock) {
        super(redis, keys.outbound(), keys.outboundDead(), RedisKeys.DELIVERY_GROUP, consumer, claimIdle, maxAttempts, counters);
        this.keys = keys;
        this.matrices = matrices;
        this.senders = senders;
        this.limiter = limiter;
        this.ledger = ledger;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    protected String name() { return "delivery"; }

    @Override
    protected void handle(StreamEntry entry) {
        Map<String, String> f = entry.getFields();
        String json = f.get("m");
        OutboundMessage m = Json.read(json, OutboundMessage.class);
        MDC.put("msg", m.id());
        String entryId = entry.getID().toString();
        long since = f.get("since") == null || f.get("since").isEmpty() ? 0 : Long.parseLong(f.get("since"));

        Matrix matrix = matrices.current();
        Optional<Group> found = matrices.chat(matrix, m.chat());
        if (found.isEmpty()) {
            giveUp(new Progress(entryId, m, json, parse(f.get("attempt")), 0, since, null), "no such chat: " + m.chat(), "-",
                    "找不到这个聊天");
            return;
        }
        Group chat = found.get();
        Progress p = new Progress(entryId, m, json, parse(f.get("attempt")), parse(f.get("done")), since, chatName(chat));
        ChannelSender sender = senders.forMessage(m, chat).orElse(null);
        if (sender == null) {
            giveUp(p, "channel " + chat.channel() + " is not configured", chat.channel(),
                    "通道「" + Texts.channelName(chat.channel()) + "」没有配置");
            return;
        }
        String text;
        if (m.title() != null) text = sender.withTitle(m.title(), m.text());
        else if (m.mention() != null) {
            text = "@" + (m.mentionName() != null ? m.mentionName() : matrix.nameOf(m.mention())) + " " + m.text();
        } else text = m.text();
        List<String> parts = TextParts.split(text, sender.maxTextBytes());
        String target = chat.channelRef() != null ? chat.channelRef() : chat.id();
        Receipt receipt = null;
        for (int i = p.done(); i < parts.size(); i++) {
            if (!holdOn(entry.getID())) {
                // taken over by another worker while this one was busy with earlier entries: it sends, not us
                counters.inc("delivery.handed_over");
                return;
            }
            // a broadcast copy withdrawn meanwhile does not use up the channel's pace
            if (i == 0 && m.broadcast() != null && withdrawn(p, sender.channel(), "check")) return;
            long wait = limiter.acquire(sender.channel(), target, clock.millis());
            if (wait > 0) {
                counters.inc("delivery.rate_limited." + sender.channel());
                later(p, p.attempt(), i, p.since(), wait);
                return;
            }
            if (i == 0 && m.broadcast() != null && withdrawn(p, sender.channel(), "claim")) return;
            try {
                receipt = sender.send(m, parts.get(i), m.id() + "#" + i, chat, matrix, p.attempt() > 0);
            } catch (SendFailure e) {
                failed(p, i, sender.channel(), e);
                return;
            }
        }
        DeliveryLedger.Status status = receipt != null && receipt.status() == Receipt.Status.WAITING_CONFIRMATION
                ? DeliveryLedger.Status.WAITING_CONFIRMATION : DeliveryLedger.Status.SENT;
        ledger.recordAndAck(stream, group, entryId, m, status, sender.channel(), p.attempt() + 1, null,
                receipt == null ? null : receipt.channelId(), clock.instant());
        counters.inc("delivery.sent." + sender.channel());
        if (sender.channel().equals(zhijian.matrix.Channels.SIM) && !chat.channel().equals(zhijian.matrix.Channels.SIM)) {
            counters.inc("delivery.simulated." + chat.channel());
        }
    }

    private void failed(Progress p, int part, String channel, SendFailure e) {
        counters.inc("delivery.failed." + channel);
        long now = clock.millis();
        long since = p.since() > 0 ? p.since() : now;
        if (e.unreachable()) {
            // the channel is down: wait for it without using up attempts, but not for ever
            if (now - since > policy.maxWait().toMillis()) {
                giveUp(p, "unreachable for over " + policy.maxWait() + ": " + e.getMessage(), channel,
                        Texts.channelName(channel) + "超过 " + policy.maxWait().toHours() + " 小时不可用");
                return;
            }
            long wait = e.retryAfter() != null ? e.retryAfter().toMillis() : policy.maxBackoff().toMillis();
            ledger.record(p.m(), DeliveryLedger.Status.UNREACHABLE, channel, p.attempt(), e.code() + " " + e.getMessage(),
                    null, clock.instant());
            later(p, p.attempt(), part, since, wait);
            return;
        }
        int next = p.attempt() + 1;
        if (!e.retryable() || next >= policy.maxAttempts()) {
            String why = (e.retryable() ? "gave up after " + next + " attempts: " : "") + e.getMessage();
            giveUp(new Progress(p.entryId(), p.m(), p.json(), next, part, since, p.chatName()), why, channel,
                    staffReason(e, next, channel));
            return;
        }
        long backoff = Math.min(policy.maxBackoff().toMillis(), policy.backoff().toMillis() << Math.min(20, p.attempt()));
        if (e.retryAfter() != null) backoff = Math.max(backoff, e.retryAfter().toMillis());
        log.warn("send of {} through {} failed ({} {}); attempt {} of {}, again in {} ms", p.m().id(), channel, e.code(),
                e.getMessage(), next, policy.maxAttempts(), backoff);
        ledger.record(p.m(), DeliveryLedger.Status.RETRYING, channel, next, e.code() + " " + e.getMessage(), null,
                clock.instant());
        later(p, next, part, since, backoff);
    }

    /**
     * The message a member of the delayed set holds (as {@link #later} writes it: its JSON under {@code m} beside
     * the attempt and progress), or empty when the member cannot be read.
     */
    public static Optional<OutboundMessage> delayedMessage(String member) {
        try {
            return Optional.of(Json.read(Json.MAPPER.readTree(member).path("m").asText(), OutboundMessage.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private void later(Progress p, int attempt, int done, long since, long waitMs) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("m", p.json());
        member.put("attempt", attempt);
        member.put("done", done);
        member.put("since", since);
        member.put("entry", p.entryId());
        defer.run(redis, List.of(stream, keys.outboundDelayed()),
                List.of(group, p.entryId(), String.valueOf(clock.millis() + waitMs), Json.write(member)));
    }

    /**
     * @param why      the technical reason, kept on the dead-letter stream and in the ledger
     * @param staffWhy the reason in words staff read, for the alert
     */
    private void giveUp(Progress p, String why, String channel, String staffWhy) {
        if (p.m().broadcast() != null) {
            // a broadcast's copy: its ledger line (with the reason staff read) and the ack in one step, so the wave's
            // count stays right; the publisher's summary lists it — it is not announced on its own
            if (ledger.recordAndAck(stream, group, p.entryId(), p.m(), DeliveryLedger.Status.DEAD, channel, p.attempt(),
                    staffWhy, null, clock.instant())) {
                redis.xadd(keys.outboundDead(), StreamEntryID.NEW_ENTRY, Map.of("entry", p.entryId(),
                        "reason", why, "chat", p.m().chat(), "at", String.valueOf(clock.millis()), "m", p.json(),
                        "parts_sent", String.valueOf(p.done())));
                counters.inc("delivery.dead_lettered");
                log.error("broadcast copy {} given up: {}", p.m().id(), why);
            }
            return;
        }
        // the gateway's own alerts are not announced again when they fail: that could go round for ever
        boolean notify = p.m().kind() != OutboundMessage.Kind.ALERT;
        String detail = staffWhy + "（消息开头：「" + excerpt(p.m().text()) + "」）";
        Object moved = giveUp.run(redis, List.of(stream, keys.outboundDead(), keys.inbound()),
                List.of(group, p.entryId(), why, p.m().chat(), notify ? "1" : "0", String.valueOf(clock.millis()), p.json(),
                        p.chatName() == null ? "" : p.chatName(), detail, String.valueOf(p.done())));
        if (((Number) moved).longValue() == 1) {
            counters.inc("delivery.dead_lettered");
            ledger.record(p.m(), DeliveryLedger.Status.DEAD, channel, p.attempt(), why, null, clock.instant());
            log.error("outbound {} given up: {}", p.m().id(), why);
        }
    }

    /**
     * Asks the broadcast whether this copy may still go (see broadcast_claim.lua); when not, the copy is settled as
     * withdrawn, with its ack, and true is returned.
     *
     * @param mode {@code check} only looks; {@code claim} (right before sending) also marks the chat as reached
     */
    private boolean withdrawn(Progress p, String channel, String mode) {
        OutboundMessage.Broadcast b = p.m().broadcast();
        Object r = claim.run(redis, List.of(keys.broadcast(b.id()), keys.broadcastReached(b.id())),
                List.of(p.m().chat(), b.kind(), String.valueOf(b.wave()), mode));
        long verdict = ((Number) r).longValue();
        if (verdict == 1) return false;
        // cancelled before this copy went (and a Cancel does not go where nothing went); or an Update replaced it
        String why = verdict == 2 ? "已被更正取代，改发更正后的内容" : null;
        if (ledger.recordAndAck(stream, group, p.entryId(), p.m(), DeliveryLedger.Status.WITHDRAWN, channel, p.attempt(),
                why, null, clock.instant())) {
            counters.inc("delivery.withdrawn");
        }
        return true;
    }

    /** A broadcast copy that kept failing in the worker itself is settled as failed, so its wave still completes. */
    @Override
    protected void deadLettered(StreamEntry e, String reason) {
        String json = e.getFields().get("m");
        if (json == null) return;
        OutboundMessage m = Json.read(json, OutboundMessage.class);
        if (m.broadcast() != null) {
            ledger.record(m, DeliveryLedger.Status.DEAD, "-", parse(e.getFields().get("attempt")), "网关处理出错（" + reason + "）",
                    null, clock.instant());
        }
    }

    private static String chatName(Group chat) {
        return chat.isPrivate() ? "私聊：" + chat.name() : chat.name();
    }

    private static String excerpt(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() <= 16 ? t : t.substring(0, 16) + "…";
    }

    /** Why, as an officer should read it: Chinese, no internal codes beyond the channel's own error number. */
    private static String staffReason(SendFailure e, int attempts, String channel) {
        String ch = Texts.channelName(channel);
        if (e.retryable()) return "经" + ch + "重试 " + attempts + " 次仍未送达（最后一次错误 " + e.code() + "）";
        String msg = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^(unreachable: )?errcode -?\\d+\\s*", "").strip();
        boolean chinese = msg.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        // our own explanations are whole sentences already; a channel's error text gets the channel and number around it
        if (chinese && (msg.startsWith("微信") || !e.code().matches("-?\\d+"))) return msg;
        return ch + "拒绝发送" + (chinese ? "：" + msg : "") + "（错误 " + e.code() + "），重试也不会成功";
    }

    private static int parse(String s) {
        return s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
    }
}
