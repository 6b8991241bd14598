package zhijian.bot.http;

import zhijian.bot.store.MatrixStore;
import zhijian.bot.store.TicketStore;
import zhijian.dispatch.Rules;
import zhijian.intent.Lexicon;
import zhijian.matrix.Matrix;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only ticket views for the simulator page: the list and one ticket's timeline. Served only while the
 * simulator is on (training); the staff console with log-in replaces it in production.
 */
public final class TicketApi {
    private final TicketStore tickets;
    private final MatrixStore matrices;
    private final Rules rules;
    private final Clock clock;

    public TicketApi(TicketStore tickets, MatrixStore matrices, Rules rules, Clock clock) {
        this.tickets = tickets;
        this.matrices = matrices;
        this.rules = rules;
        this.clock = clock;
    }

    public Reply list(Request req) {
        int limit = req.limit();
        Matrix m = matrices.current();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Ticket t : tickets.recent(limit)) out.add(view(t, m));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", clock.instant().toString());
        body.put("tickets", out);
        return Reply.json(200, body);
    }

    public Reply one(Request req) {
        String id = req.pathParam(0).toUpperCase(java.util.Locale.ROOT);
        Ticket t = tickets.get(id).orElseThrow(() -> ApiException.notFound("unknown_ticket", "没有这个工单 (no such ticket): " + id));
        Matrix m = matrices.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", clock.instant().toString());
        body.put("ticket", view(t, m));
        body.put("events", timeline(id, m));
        return Reply.json(200, body);
    }

    /** A ticket's timeline, oldest first, with names for people. */
    public List<Map<String, Object>> timeline(String id, Matrix m) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (TicketEvent e : tickets.events(id)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("at", e.at().toString());
            v.put("type", e.type().name());
            v.put("typeName", e.type().label());
            v.put("actor", e.actor());
            v.put("actorName", m.nameOf(e.actor()));
            if (e.to() != null) {
                v.put("to", e.to());
                v.put("toName", m.nameOf(e.to()));
            }
            if (e.note() != null) v.put("note", e.note());
            events.add(v);
        }
        return events;
    }

    private String kindName(String kind) {
        if (kind == null) return null;
        for (List<Lexicon.Kind> kinds : rules.classifier().lexicon().kinds().values()) {
            for (Lexicon.Kind k : kinds) if (k.id().equals(kind)) return k.name();
        }
        return kind;
    }

    /** {@code sign#2} → 第2次派单超时未签收; {@code finish} → 超过办结时限. */
    private static String missedName(String code) {
        if (code.startsWith("sign#")) return "第" + code.substring(5) + "次派单超时未签收";
        return "finish".equals(code) ? "超过办结时限" : code;
    }

    /** One ticket as the pages show it: names for ids and categories, deadlines and what was missed. */
    public Map<String, Object> view(Ticket t, Matrix m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("category", t.category());
        v.put("categoryName", rules.catalog().nameOf(t.category()));
        v.put("kind", t.kind());
        v.put("kindName", kindName(t.kind()));
        v.put("state", t.state().name());
        v.put("stateName", t.state().label());
        v.put("grid", t.grid());
        v.put("gridName", m.gridName(t.grid()));
        v.put("chat", t.chat());
        v.put("resident", t.resident());
        v.put("residentName", t.residentName());
        v.put("assignee", t.assignee());
        v.put("assigneeName", m.nameOf(t.assignee()));
        v.put("confidential", t.confidential());
        v.put("text", t.text());
        v.put("route", t.route());
        v.put("createdAt", t.createdAt().toString());
        v.put("signDue", t.signDue().toString());
        v.put("finishDue", t.finishDue().toString());
        if (t.signedAt() != null) v.put("signedAt", t.signedAt().toString());
        if (t.closedAt() != null) v.put("closedAt", t.closedAt().toString());
        if (t.outcome() != null) v.put("outcome", t.outcome());
        if (t.rating() != null) v.put("rating", t.rating());
        v.put("missed", t.missed());
        v.put("missedNames", t.missed().stream().map(TicketApi::missedName).toList());
        v.put("escalations", t.escalations());
        List<Map<String, String>> chain = new ArrayList<>();
        t.chain().forEach(s -> chain.add(Map.of("role", s.role().label(), "member", s.member(), "name", m.nameOf(s.member()))));
        v.put("chain", chain);
        v.put("step", t.step());
        return v;
    }
}
