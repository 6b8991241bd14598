package zhijian.message;

import java.time.Instant;

/**
 * A deadline that came due: a ticket not signed or not finished in time, an appointment reminder, or a broadcast's
 * moment: groups that have not said 收到 ({@code ACK_CHECK}, generation = the wave), a 寻人 case widening
 * ({@code WIDEN}, generation = the step), the end of its validity ({@code EXPIRE}), the end of its retention
 * ({@code PURGE}).
 * Timers are written as {@code kind|subject|generation} so a stale one can be told from a live one.
 */
public record TimerEvent(Kind kind, String subject, int generation, Instant due) {
    public enum Kind { SIGN, FINISH, REMIND, ACK_CHECK, WIDEN, EXPIRE, PURGE }

    public String key() {
        return kind.name() + "|" + subject + "|" + generation;
    }

    public static TimerEvent parse(String key, Instant due) {
        String[] p = key.split("\\|", 3);
        if (p.length != 3) throw new IllegalArgumentException("not a timer key: " + key);
        return new TimerEvent(Kind.valueOf(p[0]), p[1], Integer.parseInt(p[2]), due);
    }
}
