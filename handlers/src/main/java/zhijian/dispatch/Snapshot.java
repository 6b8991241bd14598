package zhijian.dispatch;

import zhijian.appointment.Appointment;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.fraud.FraudAlert;
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
                       String newAppointmentId, Broadcasts broadcasts, Frauds frauds, ConsoleCode consoleCode) {
    public Snapshot(Instant now, Map<String, Ticket> tickets, List<Ticket> senderTickets, List<Ticket> assigneeTickets,
                    Map<String, Appointment> appointments, List<Appointment> senderAppointments,
                    Map<String, Integer> slotCounts, String newTicketId, String newAppointmentId, Broadcasts broadcasts,
                    Frauds frauds) {
        this(now, tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slotCounts, newTicketId,
                newAppointmentId, broadcasts, frauds, null);
    }

    public Snapshot(Instant now, Map<String, Ticket> tickets, List<Ticket> senderTickets, List<Ticket> assigneeTickets,
                    Map<String, Appointment> appointments, List<Appointment> senderAppointments,
                    Map<String, Integer> slotCounts, String newTicketId, String newAppointmentId) {
        this(now, tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slotCounts, newTicketId,
                newAppointmentId, Broadcasts.NONE, Frauds.NONE);
    }

    public Snapshot(Instant now, Map<String, Ticket> tickets, List<Ticket> senderTickets, List<Ticket> assigneeTickets,
                    Map<String, Appointment> appointments, List<Appointment> senderAppointments,
                    Map<String, Integer> slotCounts, String newTicketId, String newAppointmentId, Broadcasts broadcasts) {
        this(now, tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slotCounts, newTicketId,
                newAppointmentId, broadcasts, Frauds.NONE);
    }

    /**
     * A one-time code for the staff console, made by the gateway from a secure random source (a decision cannot
     * make secrets), and the console's address to put in the message.
     */
    public record ConsoleCode(String code, String consoleUrl) {}

    /** Fraud alerts named by id, and a fresh id when asked for. */
    public record Frauds(Map<String, FraudAlert> named, String newId) {
        public static final Frauds NONE = new Frauds(Map.of(), null);
    }

    public static Snapshot empty(Instant now) {
        return new Snapshot(now, Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), null, null);
    }

    /**
     * @param named   broadcasts named by id
     * @param ledgers their ledgers, when asked for
     * @param open    the broadcasts in force now, newest first
     * @param newId   a fresh broadcast id, when asked for
     */
    public record Broadcasts(Map<String, Broadcast> named, Map<String, BroadcastLedger> ledgers, List<Broadcast> open,
                             String newId) {
        public static final Broadcasts NONE = new Broadcasts(Map.of(), Map.of(), List.of(), null);

        public BroadcastLedger ledger(String id) {
            return ledgers.getOrDefault(id, BroadcastLedger.EMPTY);
        }
    }
}
