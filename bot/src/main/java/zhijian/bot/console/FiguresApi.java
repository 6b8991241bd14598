package zhijian.bot.console;

import zhijian.bot.http.ApiException;
import zhijian.bot.http.BroadcastApi;
import zhijian.bot.http.FraudApi;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.store.FiguresStore;
import zhijian.bot.store.MatrixStore;
import zhijian.broadcast.PublishingFigures;
import zhijian.console.Access;
import zhijian.fraud.FraudFigures;
import zhijian.matrix.Grid;
import zhijian.matrix.Matrix;
import zhijian.stats.CalendarWeek;
import zhijian.stats.TicketFigures;
import zhijian.stats.WeekFigures;
import zhijian.text.FiguresTexts;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The station's figures on the console, week by week: per grid and in total — tickets (received, resolved,
 * first-response times, overdue, escalations, 响应率, 解决率, 满意率), anti-fraud warnings, and the week's publishing.
 * A person sees the grids their {@link Access} lets them see: the chief the township, a village's staff their village.
 * The same figures as a CSV file for Excel.
 */
public final class FiguresApi {
    public static final int DEFAULT_WEEKS = 8;
    public static final int MAX_WEEKS = 53;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final FiguresStore figures;
    private final MatrixStore matrices;
    private final Clock clock;

    public FiguresApi(FiguresStore figures, MatrixStore matrices, Clock clock) {
        this.figures = figures;
        this.matrices = matrices;
        this.clock = clock;
    }

    /** What one request asks for: whose figures, which weeks, as of when. */
    private record Asked(Matrix matrix, WeekFigures.Scope scope, List<WeekFigures> weeks, Instant now) {}

    // ---------------------------------------------------------------- GET /api/console/figures?weeks=8[&grid=ID]

    public Reply weekly(Request req, Access who) {
        Asked a = ask(req, who);
        FiguresTexts texts = new FiguresTexts(a.matrix);
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (WeekFigures f : a.weeks) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("week", f.week().id());
            w.put("from", f.week().monday().toString());
            w.put("to", f.week().sunday().toString());
            w.put("complete", f.week().isOver(a.now));
            w.put("headline", FiguresTexts.headline(f.total().tickets()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (WeekFigures.Row r : f.rows()) rows.add(row(r.grid(), texts.gridName(r.grid()), r));
            w.put("rows", rows);
            w.put("total", row(null, totalName(a.scope), f.total()));
            w.put("publishing", BroadcastApi.view(f.publishing()));
            weeks.add(w);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", a.now.toString());
        body.put("zone", a.matrix.station().zone().getId());
        body.put("scope", a.scope.township() ? "township" : "grids");
        body.put("grids", a.scope.grids().stream().map(g -> Map.of("id", g, "name", a.matrix.gridName(g))).toList());
        body.put("weeks", weeks);
        return Reply.json(200, body);
    }

    private static Map<String, Object> row(String grid, String name, WeekFigures.Row r) {
        TicketFigures t = r.tickets();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("grid", grid);
        v.put("gridName", name);
        v.put("received", t.received());
        v.put("resolved", t.resolved());
        v.put("responded", t.responded());
        v.put("firstResponseMedianSeconds", seconds(t.firstResponseMedian()));
        v.put("firstResponseP90Seconds", seconds(t.firstResponseP90()));
        v.put("respondedInTime", t.respondedInTime());
        v.put("responseRate", t.responseRate());
        v.put("resolvedOfReceived", t.resolvedOfReceived());
        v.put("resolutionRate", t.resolutionRate());
        v.put("overdue", t.overdue());
        v.put("escalations", t.escalations());
        v.put("rated", t.rated());
        v.put("satisfied", t.satisfied());
        v.put("satisfactionRate", t.satisfactionRate());
        v.put("fraud", FraudApi.view(r.fraud()));
        return v;
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    // ---------------------------------------------------------------- GET /api/console/figures.csv?weeks=8[&grid=ID]

    /** The same figures as {@link #weekly}, one line per week and grid and a total line per week, for Excel. */
    public Reply csv(Request req, Access who) {
        Asked a = ask(req, who);
        FiguresTexts texts = new FiguresTexts(a.matrix);
        StringBuilder s = new StringBuilder();
        line(s, List.of("周", "起", "止", "网格", "受理（收集社情民意）", "办结（解决）", "首次答复中位数（分钟）",
                "首次答复P90（分钟）", "响应率", "解决率", "满意率", "评价数", "超期", "升级", "反诈提醒", "反诈询问",
                "发布次数", "发往群数", "送达群数"));
        for (WeekFigures f : a.weeks) {
            for (WeekFigures.Row r : f.rows()) line(s, cells(f.week(), texts.gridName(r.grid()), r, null));
            line(s, cells(f.week(), totalName(a.scope), f.total(), f.publishing()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(UTF8_BOM);
        out.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
        String name = "figures-" + a.weeks.get(0).week().id() + "_" + a.weeks.get(a.weeks.size() - 1).week().id() + ".csv";
        return new Reply(200, "text/csv; charset=utf-8", out.toByteArray(),
                Map.of("Content-Disposition", "attachment; filename=\"" + name + "\""));
    }

    private static List<String> cells(CalendarWeek w, String name, WeekFigures.Row r, PublishingFigures p) {
        TicketFigures t = r.tickets();
        FraudFigures f = r.fraud();
        return List.of(w.id(), w.monday().toString(), w.sunday().toString(), name, n(t.received()), n(t.resolved()),
                minutes(t.firstResponseMedian()), minutes(t.firstResponseP90()), rate(t.responseRate()),
                rate(t.resolutionRate()), rate(t.satisfactionRate()), n(t.rated()), n(t.overdue()), n(t.escalations()),
                n(f.warnings()), n(f.checks()), p == null ? "" : n(p.broadcasts()), p == null ? "" : n(p.chatsAddressed()),
                p == null ? "" : n(p.chatsReached()));
    }

    private static String n(long v) {
        return String.valueOf(v);
    }

    private static String rate(Double r) {
        return r == null ? "" : FiguresTexts.percent(r);
    }

    /** Minutes with one decimal, as a spreadsheet sums them; empty when there is none. */
    static String minutes(Duration d) {
        if (d == null) return "";
        return BigDecimal.valueOf(d.toMillis()).divide(BigDecimal.valueOf(60_000), 1, RoundingMode.HALF_UP).toPlainString();
    }

    private static void line(StringBuilder s, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) s.append(',');
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                s.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                s.append(c);
            }
        }
        s.append("\r\n");
    }

    // ---------------------------------------------------------------- both

    private Asked ask(Request req, Access who) {
        Matrix m = matrices.current();
        int n = weeks(req.param("weeks"));
        String grid = req.param("grid");
        WeekFigures.Scope scope;
        if (grid != null && !grid.isBlank()) {
            grid = grid.strip();
            if (!who.seesGrid(grid)) {
                throw new ApiException(403, "grid_not_visible", "您不能查看这个网格的数字 (you may not see this grid's figures): " + grid);
            }
            if (m.grid(grid).isEmpty()) throw ApiException.notFound("unknown_grid", "没有这个网格 (no such grid): " + grid);
            scope = WeekFigures.Scope.of(List.of(grid));
        } else if (who.station()) {
            scope = WeekFigures.Scope.township(m);
        } else {
            scope = WeekFigures.Scope.of(m.grids().stream().map(Grid::id).filter(who::seesGrid).toList());
        }
        Instant now = clock.instant();
        List<CalendarWeek> weeks = CalendarWeek.lastWeeks(now, m.station().zone(), n);
        return new Asked(m, scope, figures.weeks(weeks, scope, now), now);
    }

    private static int weeks(String text) {
        if (text == null || text.isBlank()) return DEFAULT_WEEKS;
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_WEEKS) return n;
        } catch (NumberFormatException e) {
            // the message below
        }
        throw ApiException.badRequest("bad_field", "weeks 应为 1–" + MAX_WEEKS + " 的整数 (weeks: a whole number 1–" + MAX_WEEKS + ")");
    }

    private static String totalName(WeekFigures.Scope scope) {
        return scope.township() ? "全乡合计" : "合计";
    }
}
