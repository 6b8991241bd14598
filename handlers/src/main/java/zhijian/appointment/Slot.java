package zhijian.appointment;

import java.time.LocalDate;
import java.time.LocalTime;

/** One bookable slot: a window at a time on a day. */
public record Slot(String window, LocalDate date, LocalTime time) {
    /** e.g. {@code huji|2026-11-23|09:30}, as the store names the slot. */
    public String key() {
        return window + "|" + date + "|" + time;
    }
}
