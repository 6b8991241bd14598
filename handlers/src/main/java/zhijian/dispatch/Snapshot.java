package zhijian.dispatch;

import zhijian.appointment.Appointment;
import zhijian.ticket.Ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state a decision reads, loaded by the gateway as {@link Needs} asked. Absent entries are simply absent
 * (an unknown ticket id is not in {@code tickets}).
 */
public record Snapshot(Instant now, Map<String, Ticket> tickets, List<Ticket> senderTickets,
                       List<Ticket> assigneeTickets, Map<String, Appointment> appointments,
                       List<Appointment> senderAppointments, Map<String, Integer> slotCounts, String newTicketId,
                       String newAppointmentId) {
    public static Snapshot empty(Instant now) {
        return new Snapshot(now, Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), null, null);
    }
}
