package zhijian.appointment;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * When a resident wants to come, as far as their words say: a day, a part of the day, a time; any may be absent.
 */
public record When(LocalDate date, Period period, LocalTime time) {
    public enum Period { ANY, MORNING, AFTERNOON }

    public static final When ANYTIME = new When(null, Period.ANY, null);

    /** A slot fits an asked time when it starts in the hour from it ("10点" takes the 10:30 slot). */
    public boolean matches(LocalTime t) {
        if (time != null) return !t.isBefore(time) && t.isBefore(time.plusMinutes(60));
        return switch (period) {
            case ANY -> true;
            case MORNING -> t.isBefore(LocalTime.NOON);
            case AFTERNOON -> !t.isBefore(LocalTime.NOON);
        };
    }
}
