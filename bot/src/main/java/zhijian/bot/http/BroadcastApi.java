package zhijian.bot.http;

import com.fasterxml.jackson.databind.JsonNode;
import zhijian.bot.queue.Inbox;
import zhijian.bot.store.BroadcastStore;
import zhijian.bot.store.MatrixStore;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.broadcast.Clue;
import zhijian.broadcast.PublishingFigures;
import zhijian.broadcast.TargetStatus;
import zhijian.broadcast.Weeks;
import zhijian.catalog.Catalog;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.message.InboundMessage;
import zhijian.text.Texts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Broadcasts for the console: the list with each wave's counts, one broadcast's ledger chat by chat (with its acks
 * and clues), the week's publishing figures, and publishing itself — a command (发布【…】…, 确认 B-…, 进度 B-… …)
 * said as a police officer, answered in that officer's private chat, exactly as if typed there.
 */
public final class BroadcastApi {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern WEEK = Pattern.compile("\\d{4}-W\\d{2}");
    private static final int MAX_TEXT = 2000;

    private final BroadcastStore broadcasts;
    private final MatrixStore matrices;
    private final Catalog catalog;
    private final Inbox inbox;
    private final Clock clock;

    public BroadcastApi(BroadcastStore broadcasts, MatrixStore matrices, Catalog catalog, Inbox inbox, Clock clock) {
        this.broadcasts = broadcasts;
        this.matrices = matrices;
        this.catalog = catalog;
        this.inbox = inbox;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- GET /api/broadcasts

    public Reply list(Request req) {
        int limit = req.limit();
        Matrix m = matrices.current();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Broadcast b : broadcasts.recent(limit)) out.add(summary(b, broadcasts.ledger(b), m));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", clock.instant().toString());
        body.put("broadcasts", out);
        return Reply.json(200, body);
    }

    // ---------------------------------------------------------------- GET /api/broadcasts/{id}

    /** One broadcast for the simulator (training): a clue's words and who said them are left out. */
    public Reply one(Request req) {
        return one(req, false);
    }

    /** One broadcast for staff behind the admin token: everything, clues included. */
    public Reply oneInFull(Request req) {
        return one(req, true);
    }

    private Reply one(Request req, boolean full) {
        String id = req.pathParam(0).toUpperCase(Locale.ROOT);
        Broadcast b = broadcasts.get(id).orElseThrow(() -> ApiException.notFound("unknown_broadcast", "没有这个发布 (no such broadcast): " + id));
        Matrix m = matrices.current();
        BroadcastLedger ledger = broadcasts.ledger(b);
        Map<String, Object> body = summary(b, ledger, m);
        body.put("text", b.text());
        List<Map<String, Object>> waves = new ArrayList<>();
        for (Broadcast.Wave w : b.waves()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("n", w.n());
            v.put("kind", w.kind().name());
            v.put("title", w.title());
            v.put("body", w.body());
            List<Map<String, Object>> chats = new ArrayList<>();
            for (String chat : w.targets()) {
                BroadcastLedger.Line l = ledger.line(w.n(), chat);
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("chat", chat);
                c.put("name", m.chat(chat).map(Group::name).orElse(chat));
                c.put("grid", m.chat(chat).map(Group::grid).orElse(null));
                TargetStatus s = l == null ? TargetStatus.QUEUED : l.status();
                c.put("status", s.name());
                c.put("statusLabel", s.label());
                c.put("channel", l == null ? m.chat(chat).map(Group::channel).orElse(null) : l.channel());
                c.put("error", l == null ? null : l.error());
                c.put("at", l == null || l.at() == null ? null : l.at().toString());
                c.put("acknowledged", w.kind() == Broadcast.Wave.Kind.ALERT && ledger.acks().containsKey(chat));
                chats.add(c);
            }
            v.put("chats", chats);
            waves.add(v);
        }
        body.put("waves", waves);
        List<Map<String, Object>> acks = new ArrayList<>();
        ledger.acks().forEach((chat, a) -> acks.add(Map.of("chat", chat, "name", m.chat(chat).map(Group::name).orElse(chat),
                "by", m.nameOf(a.member()), "at", a.at().toString())));
        body.put("acks", acks);
        List<Map<String, Object>> clues = new ArrayList<>();
        for (Clue c : ledger.clues()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("chat", c.chat());
            v.put("name", m.chat(c.chat()).map(Group::name).orElse(c.chat()));
            if (full) {
                v.put("from", c.fromName());
                v.put("text", c.text());
            }
            v.put("at", c.at().toString());
            clues.add(v);
        }
        body.put("clues", clues);
        if (!full) body.put("cluesNote", "线索原文和提供人只在 /api/admin/broadcasts/{id}（需要管理令牌）里显示");
        return Reply.json(200, body);
    }

    // ---------------------------------------------------------------- GET /api/broadcasts/stats?week=2026-W47

    public Reply stats(Request req) {
        Matrix m = matrices.current();
        String week = req.param("week") != null ? req.param("week").toUpperCase(Locale.ROOT) : Weeks.of(clock.instant(), m.station().zone());
        if (!WEEK.matcher(week).matches()) throw ApiException.badRequest("bad_field", "week 形如 2026-W47 (week looks like 2026-W47)");
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, PublishingFigures> byCategory = broadcasts.weekStats(week);
        for (var e : byCategory.entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("category", e.getKey());
            r.put("name", catalog.nameOf(e.getKey()));
            r.putAll(view(e.getValue()));
            rows.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("week", week);
        body.put("byCategory", rows);
        body.put("total", view(byCategory.values().stream().reduce(PublishingFigures.NONE, PublishingFigures::plus)));
        return Reply.json(200, body);
    }

    /** Publishing figures as the APIs show them. */
    public static Map<String, Object> view(PublishingFigures p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("broadcasts", p.broadcasts());
        v.put("chatsAddressed", p.chatsAddressed());
        v.put("chatsReached", p.chatsReached());
        return v;
    }

    // ---------------------------------------------------------------- POST /api/admin/broadcasts {from, text, id?}

    /** A publishing command through the admin API (a machine holding the token), said as a police officer; the bot answers in their private chat. */
    public Reply command(Request req) {
        JsonNode body = req.jsonObject();
        String from = text(body, "from", true);
        String text = text(body, "text", true);
        String clientId = text(body, "id", false);
        if (text.length() > MAX_TEXT) throw new ApiException(413, "too_long", "内容最多 " + MAX_TEXT + " 字 (text: at most " + MAX_TEXT + " characters)");
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw ApiException.badRequest("bad_field", "id 只能是 1-100 个字母、数字或 -_.: (id: 1-100 letters, digits or -_.:)");
        }
        Matrix m = matrices.current();
        Member who = m.member(from).orElseThrow(() -> ApiException.notFound("unknown_person", "花名册里没有这个人 (no such person): " + from));
        if (!who.isPolice()) throw new ApiException(403, "not_police", "只有民警可以从控制台发布 (only police publish from the console)");
        Group chat = m.privateChatOf(who);
        Instant now = clock.instant();
        String channelMsgId = clientId != null ? from + "/" + clientId : UUID.randomUUID().toString();
        InboundMessage msg = new InboundMessage("api-" + UUID.randomUUID(), "admin_api", channelMsgId, chat.id(), from,
                who.name(), text, true, now);
        Inbox.Accepted a = inbox.append(msg);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.messageId());
        out.put("duplicate", a.duplicate());
        out.put("answerIn", chat.id());
        return Reply.json(a.duplicate() ? 200 : 202, out);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) throw ApiException.badRequest("missing_field", "缺少字段 " + field + " (missing field: " + field + ")");
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiException.badRequest("bad_field", field + " 应为非空字符串 (" + field + " must be a non-empty string)");
        }
        return n.asText().strip();
    }

    private Map<String, Object> summary(Broadcast b, BroadcastLedger ledger, Matrix m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", b.id());
        v.put("category", b.category());
        v.put("categoryName", catalog.nameOf(b.category()));
        v.put("word", b.word());
        v.put("severity", b.severity().name());
        v.put("scope", b.scope().label());
        v.put("state", b.state().name());
        v.put("stateLabel", b.state().label());
        v.put("publisher", b.publisher());
        v.put("publisherName", m.nameOf(b.publisher()));
        v.put("urgent", b.urgent());
        v.put("missingPerson", b.missingPerson());
        v.put("createdAt", b.createdAt().toString());
        v.put("sentAt", b.sentAt() == null ? null : b.sentAt().toString());
        v.put("expiresAt", b.expiresAt() == null ? null : b.expiresAt().toString());
        List<Map<String, Object>> waves = new ArrayList<>();
        for (Broadcast.Wave w : b.waves()) {
            BroadcastLedger.Counts c = ledger.counts(w);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("n", w.n());
            x.put("kind", w.kind().name());
            x.put("reason", w.reason());
            x.put("at", w.at().toString());
            x.put("targets", c.total());
            Map<String, Integer> by = new LinkedHashMap<>();
            for (TargetStatus s : TargetStatus.values()) by.put(s.name(), c.of(s));
            x.put("byStatus", by);
            x.put("delivered", c.delivered());
            x.put("pending", c.pending());
            Duration t90 = ledger.t90().get(w.n());
            x.put("t90Seconds", t90 == null ? null : t90.toMillis() / 1000.0);
            waves.add(x);
        }
        v.put("waveCounts", waves);
        List<String> addressed = b.addressed();
        long groups = addressed.stream().filter(c -> !c.startsWith(Group.PRIVATE_PREFIX)).count();
        v.put("acknowledged", ledger.acks().size());
        v.put("groupsAddressed", groups);
        v.put("clueCount", ledger.clues().size());
        v.put("channelNames", addressed.stream().map(c -> m.chat(c).map(Group::channel).orElse("?")).distinct()
                .map(Texts::channelName).toList());
        return v;
    }
}
