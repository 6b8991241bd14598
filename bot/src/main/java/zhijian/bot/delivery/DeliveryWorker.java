package zhijian.bot.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
        ChannelSender sender = senders.forChat(chat).orElse(null);
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
            long wait = limiter.acquire(sender.channel(), target, clock.millis());
            if (wait > 0) {
                counters.inc("delivery.rate_limited." + sender.channel());
                later(p, p.attempt(), i, p.since(), wait);
                return;
            }
            if (i == 0 && m.broadcast() != null && !mayStillGo(m.broadcast(), m.chat())) {
                // cancelled before this copy went: it is not sent (and a Cancel does not go where nothing went)
                if (ledger.recordAndAck(stream, group, entryId, m, DeliveryLedger.Status.WITHDRAWN, sender.channel(),
                        p.attempt(), null, null, clock.instant())) {
                    counters.inc("delivery.withdrawn");
                }
                return;
            }
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
        if (!sender.channel().equals(chat.channel())) counters.inc("delivery.simulated." + chat.channel());
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
        // the gateway's own alerts are not announced again when they fail: that could go round for ever; a broadcast's
        // copies are counted in its ledger and summed up to the publisher, not announced one by one
        boolean notify = p.m().kind() != OutboundMessage.Kind.ALERT && p.m().broadcast() == null;
        String detail = staffWhy + "（消息开头：「" + excerpt(p.m().text()) + "」）";
        Object moved = giveUp.run(redis, List.of(stream, keys.outboundDead(), keys.inbound()),
                List.of(group, p.entryId(), why, p.m().chat(), notify ? "1" : "0", String.valueOf(clock.millis()), p.json(),
                        p.chatName() == null ? "" : p.chatName(), detail, String.valueOf(p.done())));
        if (((Number) moved).longValue() == 1) {
            counters.inc("delivery.dead_lettered");
            // a broadcast copy's line carries the reason staff read: the publisher's summary lists it
            ledger.record(p.m(), DeliveryLedger.Status.DEAD, channel, p.attempt(), p.m().broadcast() != null ? staffWhy : why,
                    null, clock.instant());
            log.error("outbound {} given up: {}", p.m().id(), why);
        }
    }

    /** Asks the broadcast's state whether this copy may still go (see broadcast_claim.lua). */
    private boolean mayStillGo(OutboundMessage.Broadcast b, String chat) {
        Object r = claim.run(redis, List.of(keys.broadcast(b.id()), keys.broadcastReached(b.id())), List.of(chat, b.kind()));
        return ((Number) r).longValue() == 1;
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
