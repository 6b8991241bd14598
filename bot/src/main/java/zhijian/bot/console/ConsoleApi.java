package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import zhijian.bot.Json;
import zhijian.bot.http.ApiException;
import zhijian.bot.http.BroadcastApi;
import zhijian.bot.http.FraudApi;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.http.TicketApi;
import zhijian.bot.queue.Inbox;
import zhijian.bot.store.FraudStore;
import zhijian.bot.store.MatrixStore;
import zhijian.bot.store.TicketStore;
import zhijian.catalog.Catalog;
import zhijian.catalog.Direction;
import zhijian.catalog.ServiceItem;
import zhijian.console.Access;
import zhijian.fraud.FraudLists;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Tier;
import zhijian.message.InboundMessage;
import zhijian.ticket.Ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The console's queue, tickets, broadcasts and anti-fraud endpoints.
 *
 * <p>Reading is scoped by {@link Access}. Doing is never done here: each action (签收, 回复, 转派, 退单, 办结, 发布,
 * 确认, 更正, 取消, 确认诈骗, 误报) becomes the very command the person would type in their private chat, and goes
 * into the inbox as theirs. The one dispatcher decides it exactly as in chat — the same rules, the same ticket
 * machine, the answer to the resident through the channel they used — and its answer to the person comes back to
 * the console ({@link ConsoleSender}), where the page reads it from {@code /api/console/answers/{id}}.
 */
public final class ConsoleApi {
    private static final int MAX_TEXT = 2000;
    /** How many of the newest tickets a queue looks through, beside every open one. */
    private static final int RECENT = 1000;
    private static final Pattern BROADCAST_ID = Pattern.compile("(?i)B-\\d{8}-\\d{3,6}");
    private static final Pattern FRAUD_ID = Pattern.compile("(?i)F-\\d{8}-\\d{3,6}");

    private final TicketStore tickets;
    private final TicketApi ticketViews;
    private final BroadcastApi broadcasts;
    private final FraudApi fraudViews;
    private final FraudStore frauds;
    private final MatrixStore matrices;
    private final ConsoleStore store;
    private final Catalog catalog;
    private final Inbox inbox;
    private final Clock clock;

    public ConsoleApi(TicketStore tickets, TicketApi ticketViews, BroadcastApi broadcasts, FraudApi fraudViews,
                      FraudStore frauds, MatrixStore matrices, ConsoleStore store, Catalog catalog, Inbox inbox,
                      Clock clock) {
        this.tickets = tickets;
        this.ticketViews = ticketViews;
        this.broadcasts = broadcasts;
        this.fraudViews = fraudViews;
        this.frauds = frauds;
        this.matrices = matrices;
        this.store = store;
        this.catalog = catalog;
        this.inbox = inbox;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ tickets

    /**
     * GET /api/console/tickets?view=mine|grid|all&state=open|closed|STATE&category=&grid=&overdue=1&limit=
     * {@code mine}: what the person holds; {@code grid}: their grids' tickets; {@code all}: everything they may see.
     */
    public Reply queue(Request req, Access who) {
        String view = req.param("view") == null ? "mine" : req.param("view");
        if (!Set.of("mine", "grid", "all").contains(view)) throw ApiException.badRequest("bad_field", "view 为 mine、grid 或 all (view: mine, grid or all)");
        String state = req.param("state"), category = req.param("category"), grid = req.param("grid");
        boolean overdue = "1".equals(req.param("overdue")) || "true".equals(req.param("overdue"));
        if (grid != null && !grid.isEmpty() && !who.seesGrid(grid)) {
            throw new ApiException(403, "forbidden_grid", "您不能查看这个网格的工单 (not your grid)");
        }
        int limit = req.limit();
        Instant now = clock.instant();
        Matrix m = matrices.current();
        Set<String> ids = new LinkedHashSet<>(tickets.openIds());
        ids.addAll(tickets.recentIds(RECENT));
        List<Ticket> found = new ArrayList<>();
        for (Ticket t : tickets.getAll(ids).values()) {
            if (!who.seesTicket(t)) continue;
            if (view.equals("mine") && !who.id().equals(t.assignee())) continue;
            if (view.equals("grid") && (t.grid() == null || !who.grids().contains(t.grid()))) continue;
            if (state != null && !state.isEmpty() && !stateMatches(t, state)) continue;
            if (category != null && !category.isEmpty() && !category.equals(t.category())) continue;
            if (grid != null && !grid.isEmpty() && !grid.equals(t.grid())) continue;
            if (overdue && !overdue(t, now)) continue;
            found.add(t);
        }
        found.sort(Comparator.comparing(Ticket::createdAt).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Ticket t : found.subList(0, Math.min(limit, found.size()))) {
            Map<String, Object> v = ticketViews.view(t, m);
            v.put("overdue", overdue(t, now));
            out.add(v);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now.toString());
        body.put("view", view);
        body.put("total", found.size());
        body.put("tickets", out);
        return Reply.json(200, body);
    }

    private static boolean stateMatches(Ticket t, String state) {
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> t.state().isOpen();
            case "closed" -> !t.state().isOpen();
            default -> t.state().name().equalsIgnoreCase(state);
        };
    }

    /** Past a deadline: not signed by the sign deadline, or not finished by the finish deadline (or missed one). */
    static boolean overdue(Ticket t, Instant now) {
        if (!t.state().isOpen()) return t.missed().contains("finish");
        if (!now.isBefore(t.finishDue())) return true;
        return t.signedAt() == null && t.signDue() != null && !now.isBefore(t.signDue());
    }

    /** GET /api/console/tickets/{id}: the ticket, its whole timeline, and what this person may do with it. */
    public Reply ticket(Request req, Access who) {
        Ticket t = visibleTicket(req.pathParam(0), who);
        Matrix m = matrices.current();
        Instant now = clock.instant();
        Map<String, Object> v = ticketViews.view(t, m);
        v.put("overdue", overdue(t, now));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now.toString());
        body.put("ticket", v);
        body.put("events", ticketViews.timeline(t.id(), m));
        body.put("deadlines", deadlines(t, now));
        body.put("actions", actions(t, who));
        body.put("staff", staffChoices(m));
        return Reply.json(200, body);
    }

    private static List<Map<String, Object>> deadlines(Ticket t, Instant now) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> sign = new LinkedHashMap<>();
        sign.put("name", "签收时限");
        sign.put("due", t.signDue() == null ? null : t.signDue().toString());
        sign.put("doneAt", t.signedAt() == null ? null : t.signedAt().toString());
        sign.put("state", t.signedAt() != null ? (t.signDue() == null || !t.signedAt().isAfter(t.signDue()) ? "met" : "late")
                : t.signDue() != null && !now.isBefore(t.signDue()) ? "missed" : "pending");
        out.add(sign);
        Map<String, Object> finish = new LinkedHashMap<>();
        finish.put("name", "办结时限");
        finish.put("due", t.finishDue().toString());
        finish.put("doneAt", t.closedAt() == null ? null : t.closedAt().toString());
        finish.put("state", t.closedAt() != null ? (!t.closedAt().isAfter(t.finishDue()) ? "met" : "late")
                : !now.isBefore(t.finishDue()) ? "missed" : "pending");
        out.add(finish);
        return out;
    }

    /** The buttons worth showing; the dispatcher still has the last word (and says why when it refuses). */
    private static List<String> actions(Ticket t, Access who) {
        if (!t.state().isOpen()) return List.of();
        List<String> out = new ArrayList<>();
        boolean mine = who.id().equals(t.assignee());
        if (mine && t.signedAt() == null) out.add("sign");
        if (mine || who.station()) {
            out.add("reply");
            out.add("reassign");
        }
        if (mine) out.add("return");
        if (mine || who.station()) out.add("close");
        return out;
    }

    /** Who a ticket can be passed to; {@code police} marks those a tip (举报) may go to. */
    private static List<Map<String, Object>> staffChoices(Matrix m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member p : m.members()) {
            if (p.isStaff()) out.add(Map.of("id", p.id(), "name", p.name(), "role", p.mainRole().label(), "police", p.isPolice()));
        }
        return out;
    }

    private Ticket visibleTicket(String rawId, Access who) {
        String id = rawId.toUpperCase(Locale.ROOT);
        Ticket t = tickets.get(id).orElseThrow(() -> ApiException.notFound("unknown_ticket", "没有这个工单 (no such ticket): " + id));
        if (!who.seesTicket(t)) throw new ApiException(403, "forbidden_ticket", "您不能查看这个工单 (not a ticket you may see)");
        return t;
    }

    /** POST /api/console/tickets/{id}/{action} — sign; reply {text}; reassign {to, reason?}; return {reason}; close {outcome}. */
    public Reply act(Request req, Access who) {
        Ticket t = visibleTicket(req.pathParam(0), who);
        String action = req.pathParam(1);
        JsonNode body = req.body().length == 0 ? Json.MAPPER.createObjectNode() : req.jsonObject();
        String command = switch (action) {
            case "sign" -> "接单 " + t.id();
            case "reply" -> "回复 " + t.id() + " " + text(body, "text", true);
            case "reassign" -> {
                String to = text(body, "to", true);
                Member target = matrices.current().member(to).filter(Member::isStaff)
                        .orElseThrow(() -> ApiException.badRequest("bad_field", "没有这个工作人员 (no such staff): " + to));
                String reason = text(body, "reason", false);
                yield "转派 " + t.id() + " " + target.id() + (reason == null ? "" : " " + reason);
            }
            case "return" -> "退单 " + t.id() + " " + text(body, "reason", true);
            case "close" -> "办结 " + t.id() + " " + text(body, "outcome", true);
            default -> throw ApiException.notFound("unknown_action", "没有这个操作 (no such action): " + action);
        };
        return submit(who, command);
    }

    // ------------------------------------------------------------------ broadcasts

    /** GET /api/console/broadcasts/options: the categories and the scope words a publisher can pick from. */
    public Reply broadcastOptions(Request req, Access who) {
        Matrix m = matrices.current();
        List<Map<String, Object>> categories = new ArrayList<>();
        for (ServiceItem i : catalog.items(Direction.OUT)) {
            categories.add(Map.of("id", i.id(), "name", i.name(), "urgent", i.urgent(), "description", i.description()));
        }
        List<String> villages = new ArrayList<>();
        for (Grid g : m.grids()) if (g.active()) villages.add(g.name());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Group g : m.groups()) {
            if (g.active() && g.tier() == Tier.LANDING) {
                groups.add(Map.of("id", g.id(), "name", g.name(), "kind", g.kind().label(), "channel", g.channel(),
                        "grid", g.grid() == null ? "" : m.gridName(g.grid())));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mayPublish", who.police());
        body.put("categories", categories);
        body.put("scopes", Map.of("township", List.of("全乡"), "villages", villages,
                "kinds", List.of("村群", "企业群", "场所群", "家长群"), "groups", groups));
        return Reply.json(200, body);
    }

    /** POST /api/console/broadcasts {category, scope, text}: 发布【类别】范围：内容 — a preview to confirm (urgent ones go at once). */
    public Reply publish(Request req, Access who) {
        mustBePolice(who, "只有民警可以发布 (only police publish)");
        JsonNode body = req.jsonObject();
        String category = text(body, "category", true), scope = text(body, "scope", true), text = text(body, "text", true);
        if (category.contains("】") || scope.contains("：") || scope.contains(":")) {
            throw ApiException.badRequest("bad_field", "类别或范围里有不该有的符号 (stray punctuation in category or scope)");
        }
        return submit(who, "发布【" + category + "】" + scope + "：" + text);
    }

    /** POST /api/console/broadcasts/{id}/{confirm|cancel|update|progress} — the commands after a publication. */
    public Reply broadcastCommand(Request req, Access who) {
        mustBePolice(who, "只有民警可以操作发布 (only police act on broadcasts)");
        String id = req.pathParam(0).toUpperCase(Locale.ROOT);
        if (!BROADCAST_ID.matcher(id).matches()) throw ApiException.badRequest("bad_field", "发布编号形如 B-20261122-0001 (bad broadcast id)");
        JsonNode body = req.body().length == 0 ? Json.MAPPER.createObjectNode() : req.jsonObject();
        String command = switch (req.pathParam(1)) {
            case "confirm" -> "确认 " + id;
            case "cancel" -> {
                String reason = text(body, "reason", false);
                yield "取消 " + id + (reason == null ? "" : " " + reason);
            }
            case "update" -> "更正 " + id + " " + text(body, "text", true);
            case "found" -> {
                String note = text(body, "note", false);
                yield "已找到 " + id + (note == null ? "" : " " + note);
            }
            default -> throw ApiException.notFound("unknown_action", "没有这个操作 (no such action): " + req.pathParam(1));
        };
        return submit(who, command);
    }

    /** GET /api/console/broadcasts/{id}: the ledger chat by chat; a 寻人 case's clues only for police. */
    public Reply broadcast(Request req, Access who) throws Exception {
        return who.police() ? broadcasts.oneInFull(req) : broadcasts.one(req);
    }

    // ------------------------------------------------------------------ anti-fraud

    /** GET /api/console/fraud/lists: what officers' verdicts blocked and allowed (police only). */
    public Reply fraudLists(Request req, Access who) {
        mustBePolice(who, "只有民警可以查看反诈名单 (police only)");
        FraudLists l = frauds.current().lists();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("blockedLinks", new java.util.TreeMap<>(l.blockedLinks()));
        body.put("blockedNumbers", new java.util.TreeMap<>(l.blockedNumbers()));
        body.put("blockedSenders", named(l.blockedSenders()));
        body.put("allowedTexts", l.allowedTexts().size());
        body.put("allowedSenders", l.allowedSenders().stream().sorted()
                .map(id -> Map.of("id", id, "name", matrices.current().nameOf(id))).toList());
        return Reply.json(200, body);
    }

    private List<Map<String, String>> named(Map<String, String> bySender) {
        Matrix m = matrices.current();
        List<Map<String, String>> out = new ArrayList<>();
        new java.util.TreeMap<>(bySender).forEach((id, family) -> out.add(Map.of("id", id, "name", m.nameOf(id), "family", family)));
        return out;
    }

    /** GET /api/console/fraud/alerts (police: all; others: none). */
    public Reply fraudAlerts(Request req, Access who) {
        mustBePolice(who, "只有民警可以查看诈骗提醒 (police only)");
        return fraudViews.alerts(req);
    }

    public Reply fraudAlert(Request req, Access who) {
        mustBePolice(who, "只有民警可以查看诈骗提醒 (police only)");
        return fraudViews.alert(req);
    }

    /** POST /api/console/fraud/alerts/{id}/{confirm|false-alarm}: 确认诈骗 F-… / 误报 F-… */
    public Reply fraudVerdict(Request req, Access who) {
        mustBePolice(who, "只有民警可以核实诈骗提醒 (police only)");
        String id = req.pathParam(0).toUpperCase(Locale.ROOT);
        if (!FRAUD_ID.matcher(id).matches()) throw ApiException.badRequest("bad_field", "提醒编号形如 F-20261122-0001 (bad alert id)");
        String command = switch (req.pathParam(1)) {
            case "confirm" -> "确认诈骗 " + id;
            case "false-alarm" -> "误报 " + id;
            default -> throw ApiException.notFound("unknown_action", "没有这个操作 (no such action): " + req.pathParam(1));
        };
        return submit(who, command);
    }

    /** POST /api/console/fraud/patterns {family, word, weight}: police only. */
    public Reply addFraudPattern(Request req, Access who) {
        mustBePolice(who, "只有民警可以添加反诈关键词 (police only)");
        return fraudViews.addPattern(req);
    }

    // ------------------------------------------------------------------ answers

    /** GET /api/console/answers/{id}: what the bot answered to one of this person's console actions, so far. */
    public Reply answers(Request req, Access who) {
        String id = req.pathParam(0);
        if (!id.startsWith(ConsoleSender.ID_PREFIX + who.id() + "-")) {
            throw new ApiException(403, "not_yours", "这不是您的操作 (not your action)");
        }
        return Reply.json(200, Map.of("id", id, "answers", store.answers(id)));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Puts a command into the inbox as if the person typed it in their private chat; the answer comes back to the
     * console under the returned id.
     */
    private Reply submit(Access who, String command) {
        Member m = who.member();
        Group chat = matrices.current().privateChatOf(m);
        String id = ConsoleSender.ID_PREFIX + m.id() + "-" + UUID.randomUUID();
        InboundMessage msg = new InboundMessage(id, ConsoleSender.CHANNEL, id, chat.id(), m.id(), m.name(), command, true,
                clock.instant());
        Inbox.Accepted a = inbox.append(msg);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.messageId());
        out.put("command", command);
        out.put("answers", "/api/console/answers/" + a.messageId());
        return Reply.json(202, out);
    }

    private static void mustBePolice(Access who, String message) {
        if (!who.police()) throw new ApiException(403, "police_only", message);
    }


    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            if (required) throw ApiException.badRequest("missing_field", "缺少字段 " + field + " (missing field: " + field + ")");
            return null;
        }
        if (!n.isTextual()) throw ApiException.badRequest("bad_field", field + " 应为字符串 (" + field + " must be a string)");
        String v = n.asText().strip();
        if (v.length() > MAX_TEXT) throw new ApiException(413, "too_long", "内容最多 " + MAX_TEXT + " 字 (at most " + MAX_TEXT + " characters)");
        return v;
    }
}
