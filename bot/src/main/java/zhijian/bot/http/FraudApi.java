package zhijian.bot.http;

import com.fasterxml.jackson.databind.JsonNode;
import zhijian.bot.store.FraudStore;
import zhijian.bot.store.MatrixStore;
import zhijian.broadcast.Weeks;
import zhijian.fraud.FraudAlert;
import zhijian.fraud.FraudFigures;
import zhijian.fraud.FraudRules;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Anti-fraud for the console: the alerts with their verdicts, the week's figures per grid (warnings, checks,
 * verdicts, false-alarm rate), and the words added at run time — adding one takes effect on every instance at once.
 */
public final class FraudApi {
    private static final Pattern WEEK = Pattern.compile("\\d{4}-W\\d{2}");

    private final FraudStore frauds;
    private final MatrixStore matrices;
    private final FraudRules rules;
    private final Clock clock;

    public FraudApi(FraudStore frauds, MatrixStore matrices, FraudRules rules, Clock clock) {
        this.frauds = frauds;
        this.matrices = matrices;
        this.rules = rules;
        this.clock = clock;
    }

    public Reply alerts(Request req) {
        int limit = req.limit();
        Matrix m = matrices.current();
        List<Map<String, Object>> out = new ArrayList<>();
        for (FraudAlert a : frauds.recent(limit)) out.add(view(a, m));
        return Reply.json(200, Map.of("now", clock.instant().toString(), "alerts", out));
    }

    public Reply alert(Request req) {
        String id = req.pathParam(0).toUpperCase(Locale.ROOT);
        FraudAlert a = frauds.get(id).orElseThrow(() -> ApiException.notFound("unknown_alert", "没有这个诈骗提醒 (no such alert): " + id));
        return Reply.json(200, view(a, matrices.current()));
    }

    public Reply stats(Request req) {
        Matrix m = matrices.current();
        String week = req.param("week") != null ? req.param("week").toUpperCase(Locale.ROOT) : Weeks.of(clock.instant(), m.station().zone());
        if (!WEEK.matcher(week).matches()) throw ApiException.badRequest("bad_field", "week 形如 2026-W47 (week looks like 2026-W47)");
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, FraudFigures> byGrid = frauds.weekStats(week);
        for (var e : byGrid.entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("grid", e.getKey());
            r.put("gridName", m.gridName(e.getKey().equals("-") ? null : e.getKey()));
            r.putAll(view(e.getValue()));
            rows.add(r);
        }
        FraudFigures total = byGrid.values().stream().reduce(FraudFigures.NONE, FraudFigures::plus);
        return Reply.json(200, Map.of("week", week, "byGrid", rows, "total", view(total)));
    }

    /** Anti-fraud figures as the APIs show them. */
    public static Map<String, Object> view(FraudFigures f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("warnings", f.warnings());
        v.put("checks", f.checks());
        v.put("confirmed", f.confirmed());
        v.put("falseAlarms", f.falseAlarms());
        v.put("falseAlarmRate", f.falseAlarmRate());
        return v;
    }

    /** GET: the words added at run time. */
    public Reply patterns(Request req) {
        return Reply.json(200, Map.of("families", rules.families().stream().map(f -> Map.of("id", f.id(), "name", f.name())).toList(),
                "added", frauds.extraTerms()));
    }

    /** POST {family, word, weight}: one more word for a family, on every instance at once. */
    public Reply addPattern(Request req) {
        JsonNode body = req.jsonObject();
        String family = body.path("family").asText("").strip();
        String word = body.path("word").asText("").strip();
        JsonNode w = body.get("weight");
        if (rules.families().stream().noneMatch(f -> f.id().equals(family))) {
            throw ApiException.badRequest("bad_field", "family 应为以下之一 (family is one of): "
                    + String.join(", ", rules.families().stream().map(FraudRules.Family::id).toList()));
        }
        if (word.isEmpty() || word.length() > 40) throw ApiException.badRequest("bad_field", "word 是 1–40 个字 (word: 1–40 characters)");
        if (w == null || !w.isInt() || w.asInt() < 1 || w.asInt() > 10) {
            throw ApiException.badRequest("bad_field", "weight 是 1–10 的整数 (weight: a whole number 1–10)");
        }
        frauds.addTerm(family, word, w.asInt());
        return Reply.json(200, Map.of("family", family, "word", word, "weight", w.asInt(), "added", frauds.extraTerms()));
    }

    private static Map<String, Object> view(FraudAlert a, Matrix m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("kind", a.kind().name());
        v.put("chat", a.chat());
        v.put("chatName", m.chat(a.chat()).map(Group::name).orElse(a.chat()));
        v.put("grid", a.grid());
        v.put("senderName", a.senderName());
        v.put("family", a.family());
        v.put("score", a.score());
        v.put("why", a.why());
        v.put("text", a.text());
        v.put("at", a.at().toString());
        v.put("officer", m.nameOf(a.officer()));
        v.put("state", a.state().name());
        v.put("stateLabel", a.state().label());
        v.put("verdictBy", a.verdictBy() == null ? null : m.nameOf(a.verdictBy()));
        v.put("verdictAt", a.verdictAt() == null ? null : a.verdictAt().toString());
        return v;
    }
}
