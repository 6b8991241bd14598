package zhijian.text;

import zhijian.broadcast.PublishingFigures;
import zhijian.fraud.FraudFigures;
import zhijian.matrix.Matrix;
import zhijian.stats.CalendarWeek;
import zhijian.stats.TicketFigures;
import zhijian.stats.WeekFigures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** How the station's figures read: the headline reported upward, rates, and the weekly summary in the tier-1 group. */
public final class FiguresTexts {
    private final Matrix matrix;

    public FiguresTexts(Matrix matrix) {
        this.matrix = matrix;
    }

    /** The sentence the station reports upward: 收集社情民意 N 条、解决 M 条. */
    public static String headline(TicketFigures t) {
        return "收集社情民意 " + t.received() + " 条、解决 " + t.resolved() + " 条";
    }

    /** A rate as a percentage with at most one decimal (66.7%, 50%); "—" when there is no rate. */
    public static String percent(Double rate) {
        if (rate == null) return "—";
        return BigDecimal.valueOf(rate * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** A grid's name; the row of no known grid is 未分网格. */
    public String gridName(String grid) {
        return WeekFigures.NO_GRID.equals(grid) ? "未分网格" : matrix.gridName(grid);
    }

    /** 11月16日—11月22日. */
    public static String days(CalendarWeek w) {
        return day(w.monday()) + "—" + day(w.sunday());
    }

    private static String day(LocalDate d) {
        return d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    /**
     * Last week in a few lines for the tier-1 group: the headline, the rates, first-response times, overdue and
     * escalations, publishing and anti-fraud, then one short line per grid that had tickets (those without are named
     * together on one line).
     */
    public String weeklySummary(WeekFigures f) {
        TicketFigures t = f.total().tickets();
        FraudFigures fraud = f.total().fraud();
        PublishingFigures p = f.publishing();
        StringBuilder s = new StringBuilder();
        s.append("【上周简报】").append(matrix.station().name()).append(' ').append(days(f.week()))
                .append("（").append(f.week().id()).append("）\n");
        s.append(headline(t)).append("。\n");
        s.append("响应率 ").append(percent(t.responseRate())).append("，解决率 ").append(percent(t.resolutionRate()))
                .append("，满意率 ").append(percent(t.satisfactionRate()));
        s.append(t.rated() > 0 ? "（" + t.rated() + " 人评价）" : "（没有评价）");
        s.append('\n');
        if (t.responded() > 0) {
            s.append("首次答复：一半在 ").append(Durations.chinese(t.firstResponseMedian())).append(" 内，九成在 ")
                    .append(Durations.chinese(t.firstResponseP90())).append(" 内\n");
        }
        s.append("超期 ").append(t.overdue()).append(" 件，升级 ").append(t.escalations()).append(" 次\n");
        s.append("信息发布 ").append(p.broadcasts()).append(" 次，送达 ").append(p.chatsReached()).append(" 个群；")
                .append("反诈提醒 ").append(fraud.warnings()).append(" 次，群众询问 ").append(fraud.checks()).append(" 次");
        List<String> quiet = new ArrayList<>();
        StringBuilder grids = new StringBuilder();
        for (WeekFigures.Row r : f.rows()) {
            TicketFigures g = r.tickets();
            if (g.isEmpty()) {
                if (!WeekFigures.NO_GRID.equals(r.grid())) quiet.add(gridName(r.grid()));
                continue;
            }
            grids.append('\n').append(gridName(r.grid())).append("：受理 ").append(g.received()).append("、解决 ")
                    .append(g.resolved()).append("、超期 ").append(g.overdue()).append("、响应率 ").append(percent(g.responseRate()));
            if (r.fraud().warnings() > 0) grids.append("、反诈提醒 ").append(r.fraud().warnings());
        }
        if (!grids.isEmpty() || !quiet.isEmpty()) s.append("\n分村：").append(grids);
        if (!quiet.isEmpty()) s.append("\n没有新工单：").append(String.join("、", quiet));
        return s.toString();
    }
}
