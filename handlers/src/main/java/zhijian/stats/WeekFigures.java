package zhijian.stats;

import zhijian.broadcast.PublishingFigures;
import zhijian.fraud.FraudFigures;
import zhijian.matrix.Grid;
import zhijian.matrix.Matrix;
import zhijian.ticket.Ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One week of the station's figures for some grids: a row per grid (tickets and anti-fraud) and their total, with
 * the week's publishing figures beside them. Publishing is the station's, not a grid's: broadcasts go to many grids
 * at once, so it is never split by grid.
 *
 * @param rows  one per grid of the scope, in the scope's order; for the township also a row {@link #NO_GRID} for
 *              tickets and warnings of no (known) grid, when there are any
 * @param total the scope as a whole — computed over its tickets, not added up from the rows (medians do not add)
 */
public record WeekFigures(CalendarWeek week, List<Row> rows, Row total, PublishingFigures publishing) {
    /** The row of tickets and warnings whose grid is unknown (a resident seen only in private chat). */
    public static final String NO_GRID = "-";

    public WeekFigures {
        rows = List.copyOf(rows);
    }

    public record Row(String grid, TicketFigures tickets, FraudFigures fraud) {}

    /** Whose figures: the grids listed, or the whole township (every grid, and what belongs to none). */
    public record Scope(List<String> grids, boolean township) {
        public Scope {
            grids = List.copyOf(grids);
        }

        public static Scope township(Matrix m) {
            return new Scope(m.grids().stream().map(Grid::id).toList(), true);
        }

        public static Scope of(List<String> grids) {
            return new Scope(grids, false);
        }

        public boolean covers(String grid) {
            return township || lists(grid);
        }

        /** Whether the grid is one of those listed (null, no grid, never is). */
        public boolean lists(String grid) {
            return grid != null && grids.contains(grid);
        }
    }

    /**
     * @param tickets    at least the tickets received or closed in the week (others are passed over)
     * @param fraud      the week's anti-fraud figures by grid ({@link #NO_GRID} for none)
     * @param publishing the week's publishing figures, all categories
     * @param now        when the figures are made (what is overdue is overdue by then)
     */
    public static WeekFigures of(CalendarWeek week, Scope scope, Collection<Ticket> tickets,
                                 Map<String, FraudFigures> fraud, PublishingFigures publishing, Instant now) {
        List<Row> rows = new ArrayList<>();
        for (String grid : scope.grids()) {
            rows.add(new Row(grid, TicketFigures.of(tickets.stream().filter(t -> grid.equals(t.grid())).toList(), week, now),
                    fraud.getOrDefault(grid, FraudFigures.NONE)));
        }
        FraudFigures allFraud = FraudFigures.NONE;
        for (var e : fraud.entrySet()) if (scope.covers(e.getKey())) allFraud = allFraud.plus(e.getValue());
        List<Ticket> covered = tickets.stream().filter(t -> scope.covers(t.grid())).toList();
        if (scope.township()) {
            List<Ticket> elsewhere = covered.stream().filter(t -> !scope.lists(t.grid())).toList();
            FraudFigures noGrid = FraudFigures.NONE;
            for (var e : fraud.entrySet()) if (!scope.lists(e.getKey())) noGrid = noGrid.plus(e.getValue());
            TicketFigures t = TicketFigures.of(elsewhere, week, now);
            if (!t.isEmpty() || !noGrid.equals(FraudFigures.NONE)) rows.add(new Row(NO_GRID, t, noGrid));
        }
        Row total = new Row(null, TicketFigures.of(covered, week, now), allFraud);
        return new WeekFigures(week, rows, total, publishing);
    }
}
