package zhijian.appointment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/** A booked visit to a station window. */
public record Appointment(String id, String service, String window, LocalDate date, LocalTime time, String resident,
                         String residentName, String chat, State state, Instant bookedAt, int version) {
    public enum State { BOOKED, CANCELLED }

    public Slot slot() { return new Slot(window, date, time); }

    public Appointment cancelled() {
        return new Appointment(id, service, window, date, time, resident, residentName, chat, State.CANCELLED,
                bookedAt, version + 1);
    }
}
