package zhijian.stats;

import zhijian.broadcast.Weeks;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One ISO week of the station's calendar: Monday 00:00 up to (not including) the next Monday 00:00, in the station's
 * time zone, named as {@link Weeks} names it (2026-W47).
 */
public record CalendarWeek(String id, LocalDate monday, ZoneId zone, Instant start, Instant end) {
    public CalendarWeek {
        Objects.requireNonNull(id, "id");
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) throw new IllegalArgumentException("not a Monday: " + monday);
    }

    /** The week that {@code at} falls in, in the zone. */
    public static CalendarWeek containing(Instant at, ZoneId zone) {
        return starting(at.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone);
    }

    private static CalendarWeek starting(LocalDate monday, ZoneId zone) {
        Instant start = monday.atStartOfDay(zone).toInstant();
        return new CalendarWeek(Weeks.of(start, zone), monday, zone, start, monday.plusWeeks(1).atStartOfDay(zone).toInstant());
    }

    /** The {@code n} weeks up to and including the one {@code now} is in, oldest first. */
    public static List<CalendarWeek> lastWeeks(Instant now, ZoneId zone, int n) {
        if (n < 1) throw new IllegalArgumentException("at least one week, not " + n);
        CalendarWeek w = containing(now, zone);
        List<CalendarWeek> out = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) out.add(starting(w.monday.minusWeeks(i), zone));
        return out;
    }

    public CalendarWeek previous() {
        return starting(monday.minusWeeks(1), zone);
    }

    public LocalDate sunday() {
        return monday.plusDays(6);
    }

    /** Whether the moment falls in this week; null never does. */
    public boolean contains(Instant at) {
        return at != null && !at.isBefore(start) && at.isBefore(end);
    }

    /** Whether the week is over at {@code now}. */
    public boolean isOver(Instant now) {
        return !now.isBefore(end);
    }
}
