package zhijian.stats;

import zhijian.ticket.Ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The week's ticket figures of some grids (one grid, or the township), as the station reports them upward.
 *
 * <p>Most figures are about the week's <em>received</em> tickets (the week's cohort), counted as they stand at the
 * moment the figures are made ({@code now}); only {@link #resolved} counts what happened in the week whenever the
 * ticket came in. A past week's cohort figures can still move while its tickets are worked on.
 *
 * @param received       收集社情民意 / 受理: tickets opened in the week ({@code createdAt} in the week)
 * @param resolved       解决 / 办结: tickets closed in the week ({@code closedAt} in the week), whenever received
 * @param responded      of the received, those with a first response so far ({@code firstResponseAt} set: the first
 *                       回复 to the resident, or the 办结 when there was no reply before it)
 * @param firstResponseMedian 首次答复用时中位数: over the responded, {@code firstResponseAt − createdAt}, nearest rank:
 *                       the shortest time within which at least half of them were answered; null when none
 * @param firstResponseP90    首次答复用时 P90: likewise, the shortest time within which at least 90% were answered
 * @param respondedInTime of the received, those first answered within their sign deadline
 *                       ({@code firstResponseAt − createdAt ≤ signWithin})
 * @param resolvedOfReceived of the received, those resolved so far (state 办结, 回访 or 评价)
 * @param overdue        超期: of the received, those past their finish deadline — closed after {@code finishDue}, or
 *                       still open with {@code finishDue} before now
 * @param escalations    升级: how many times the received tickets were escalated so far (a sign deadline missed and
 *                       passed up the chain, a finish deadline missed and chased), the sum of {@code escalations}
 * @param rated          of the received, those the resident rated
 * @param satisfied      of the rated, those rated 4 or 5
 */
public record TicketFigures(int received, int resolved, int responded, Duration firstResponseMedian,
                            Duration firstResponseP90, int respondedInTime, int resolvedOfReceived, int overdue,
                            int escalations, int rated, int satisfied) {
    public static final TicketFigures NONE = new TicketFigures(0, 0, 0, null, null, 0, 0, 0, 0, 0, 0);

    /**
     * The figures of a week over the tickets given; tickets neither received nor closed in the week are passed
     * over, so a caller may hand in more than the week's.
     */
    public static TicketFigures of(Collection<Ticket> tickets, CalendarWeek week, Instant now) {
        int received = 0, resolved = 0, inTime = 0, resolvedOfReceived = 0, overdue = 0, escalations = 0, rated = 0,
                satisfied = 0;
        List<Duration> firstResponses = new ArrayList<>();
        for (Ticket t : tickets) {
            if (week.contains(t.closedAt())) resolved++;
            if (!week.contains(t.createdAt())) continue;
            received++;
            if (t.firstResponseAt() != null) {
                Duration d = Duration.between(t.createdAt(), t.firstResponseAt());
                firstResponses.add(d);
                if (d.compareTo(t.signWithin()) <= 0) inTime++;
            }
            if (!t.state().isOpen()) resolvedOfReceived++;
            if (isOverdue(t, now)) overdue++;
            escalations += t.escalations();
            if (t.rating() != null) {
                rated++;
                if (t.rating() >= 4) satisfied++;
            }
        }
        firstResponses.sort(null);
        return new TicketFigures(received, resolved, firstResponses.size(), nearestRank(firstResponses, 50),
                nearestRank(firstResponses, 90), inTime, resolvedOfReceived, overdue, escalations, rated, satisfied);
    }

    /** Past its finish deadline at {@code now}: closed after it, or not closed and the deadline gone by. */
    public static boolean isOverdue(Ticket t, Instant now) {
        if (t.finishDue() == null) return false;
        if (t.closedAt() != null) return t.closedAt().isAfter(t.finishDue());
        return t.finishDue().isBefore(now);
    }

    /** The value at rank ⌈p/100 · n⌉ of the sorted values (1-based); null when there are none. */
    static Duration nearestRank(List<Duration> sorted, int percent) {
        if (sorted.isEmpty()) return null;
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    /** 响应率: the received first answered within their sign deadline, of all received; null when none received. */
    public Double responseRate() {
        return share(respondedInTime, received);
    }

    /** 解决率: the received that are resolved (办结 or later), of all received; null when none received. */
    public Double resolutionRate() {
        return share(resolvedOfReceived, received);
    }

    /** 满意率: ratings of 4 or 5, of all ratings of the received; null when none was rated. */
    public Double satisfactionRate() {
        return share(satisfied, rated);
    }

    /** Whether nothing happened: no ticket received, none closed. */
    public boolean isEmpty() {
        return received == 0 && resolved == 0;
    }

    private static Double share(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
