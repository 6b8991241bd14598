package zhijian.appointment;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * When a resident wants to come, as far as their words say: a day, a part of the day, a time; any may be absent.
 */
public record When(LocalDate date, Period period, LocalTime time) {
    public enum Period { ANY, MORNING, AFTERNOON }

    public static final When ANYTIME = new When(null, Period.ANY, null);

    public boolean matches(LocalTime t) {
        if (time != null) return t.equals(time);
        return switch (period) {
            case ANY -> true;
            case MORNING -> t.isBefore(LocalTime.NOON);
            case AFTERNOON -> !t.isBefore(LocalTime.NOON);
        };
    }
}
