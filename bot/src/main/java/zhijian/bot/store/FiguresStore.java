package zhijian.bot.store;

import zhijian.stats.CalendarWeek;
import zhijian.stats.WeekFigures;
import zhijian.ticket.Ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The station's figures for some weeks: the tickets of those weeks (read by time, never all of them) with the
 * anti-fraud and publishing figures the gateway already keeps per week, put together by {@link WeekFigures}.
 */
public final class FiguresStore {
    private final TicketStore tickets;
    private final FraudStore frauds;
    private final BroadcastStore broadcasts;

    public FiguresStore(TicketStore tickets, FraudStore frauds, BroadcastStore broadcasts) {
        this.tickets = tickets;
        this.frauds = frauds;
        this.broadcasts = broadcasts;
    }

    /** The figures of consecutive weeks (oldest first) for a scope, as they stand at {@code now}. */
    public List<WeekFigures> weeks(List<CalendarWeek> weeks, WeekFigures.Scope scope, Instant now) {
        if (weeks.isEmpty()) return List.of();
        List<Ticket> all = tickets.receivedOrClosedBetween(weeks.get(0).start(), weeks.get(weeks.size() - 1).end());
        List<WeekFigures> out = new ArrayList<>();
        for (CalendarWeek w : weeks) {
            out.add(WeekFigures.of(w, scope, all, frauds.weekStats(w.id()), broadcasts.weekTotal(w.id()), now));
        }
        return out;
    }

    public WeekFigures week(CalendarWeek week, WeekFigures.Scope scope, Instant now) {
        return weeks(List.of(week), scope, now).get(0);
    }
}
