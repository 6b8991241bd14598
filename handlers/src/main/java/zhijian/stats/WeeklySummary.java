package zhijian.stats;

import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Tier;
import zhijian.message.OutboundMessage;
import zhijian.text.FiguresTexts;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The weekly summary posted into the tier-1 group: when it is due, which week it reports, where it goes and what
 * it says. Pure; the gateway's job only asks {@link #dueAt} every minute and posts {@link #messages} once a week.
 */
public final class WeeklySummary {
    /** How late a summary is still posted when no gateway ran at its moment (a restart on Monday morning). */
    public static final Duration LATE_BY = Duration.ofHours(24);

    private WeeklySummary() {}

    /** When in the week the summary goes: a day and a local time, e.g. {@code MON 08:00}. */
    public record Schedule(DayOfWeek day, LocalTime at) {
        /** Reads {@code MON 08:00} (MON … SUN, 24-hour time); the message of a bad value names it. */
        public static Schedule parse(String text) {
            String[] parts = text == null ? new String[0] : text.strip().split("\\s+");
            if (parts.length == 2) {
                DayOfWeek day = null;
                for (DayOfWeek d : DayOfWeek.values()) {
                    if (d.name().substring(0, 3).equalsIgnoreCase(parts[0])) day = d;
                }
                try {
                    if (day != null) return new Schedule(day, LocalTime.parse(parts[1]));
                } catch (DateTimeParseException e) {
                    // falls through to the message below
                }
            }
            throw new IllegalArgumentException("expected a day and a time like MON 08:00 (value: '" + text + "')");
        }

        /** The moment of the summary in a week. */
        public Instant in(CalendarWeek w) {
            return w.monday().plusDays(day.getValue() - 1L).atTime(at).atZone(w.zone()).toInstant();
        }

        @Override
        public String toString() {
            return day.name().substring(0, 3) + " " + at;
        }
    }

    /**
     * The week a summary due at {@code now} reports — the week before the one its moment falls in — when the latest
     * moment of the schedule is at most {@link #LATE_BY} ago; empty otherwise (before the moment, or too late).
     */
    public static Optional<CalendarWeek> dueAt(Instant now, ZoneId zone, Schedule schedule) {
        CalendarWeek w = CalendarWeek.containing(now, zone);
        Instant moment = schedule.in(w);
        if (moment.isAfter(now)) {
            w = w.previous();
            moment = schedule.in(w);
        }
        if (Duration.between(moment, now).compareTo(LATE_BY) >= 0) return Optional.empty();
        return Optional.of(w.previous());
    }

    /** The chats the summary goes to: the active groups of the publishing tier (一级群). */
    public static List<Group> recipients(Matrix m) {
        return m.groups().stream().filter(g -> g.tier() == Tier.PUBLISHING && g.active()).toList();
    }

    /**
     * One notice a tier-1 group, with township figures. Ids are made from the week ({@code weekly:2026-W47#1}), so
     * the same week's summary is the same message however often it is made.
     */
    public static List<OutboundMessage> messages(Matrix m, WeekFigures township) {
        String text = new FiguresTexts(m).weeklySummary(township);
        List<OutboundMessage> out = new ArrayList<>();
        for (Group g : recipients(m)) {
            out.add(new OutboundMessage(messageId(township.week(), out.size() + 1), g.id(), text, null, null, null, null,
                    OutboundMessage.Kind.NOTICE));
        }
        return out;
    }

    public static String messageId(CalendarWeek week, int n) {
        return "weekly:" + week.id() + "#" + n;
    }
}
