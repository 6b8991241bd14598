package zhijian.dispatch;

import zhijian.appointment.Slot;

import java.util.List;
import java.util.Set;

/**
 * What state a decision needs, so the gateway can load it in a few round trips before the pure decision.
 *
 * @param tickets            tickets named by id
 * @param senderTickets      the sender's recent tickets (status questions, ratings, supplements)
 * @param assigneeTickets    the open tickets the sender is working on (我的工单)
 * @param appointments       appointments named by id
 * @param senderAppointments the sender's upcoming appointments
 * @param slots              slots whose booked counts are needed
 * @param newTicketId        a fresh ticket id may be used
 * @param newAppointmentId   a fresh appointment id may be used
 * @param broadcasts         broadcasts named by id
 * @param ledgers            with their ledgers (where each chat stands, acks, clues)
 * @param openBroadcasts     the broadcasts in force now (a 收到 or a sighting in a group may be about one)
 * @param newBroadcastId     a fresh broadcast id may be used
 * @param fraudAlerts        fraud alerts named by id
 * @param newFraudId         a fresh fraud-alert id may be used
 * @param consoleCode        a fresh one-time console code (random, from the gateway) may be used
 */
public record Needs(Set<String> tickets, boolean senderTickets, boolean assigneeTickets, Set<String> appointments,
                    boolean senderAppointments, List<Slot> slots, boolean newTicketId, boolean newAppointmentId,
                    Set<String> broadcasts, boolean ledgers, boolean openBroadcasts, boolean newBroadcastId,
                    Set<String> fraudAlerts, boolean newFraudId, boolean consoleCode) {
    public static final Needs NOTHING = new Needs(Set.of(), false, false, Set.of(), false, List.of(), false, false);

    public Needs(Set<String> tickets, boolean senderTickets, boolean assigneeTickets, Set<String> appointments,
                 boolean senderAppointments, List<Slot> slots, boolean newTicketId, boolean newAppointmentId) {
        this(tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slots, newTicketId,
                newAppointmentId, Set.of(), false, false, false);
    }

    public Needs(Set<String> tickets, boolean senderTickets, boolean assigneeTickets, Set<String> appointments,
                 boolean senderAppointments, List<Slot> slots, boolean newTicketId, boolean newAppointmentId,
                 Set<String> broadcasts, boolean ledgers, boolean openBroadcasts, boolean newBroadcastId) {
        this(tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slots, newTicketId,
                newAppointmentId, broadcasts, ledgers, openBroadcasts, newBroadcastId, Set.of(), false);
    }

    public Needs(Set<String> tickets, boolean senderTickets, boolean assigneeTickets, Set<String> appointments,
                 boolean senderAppointments, List<Slot> slots, boolean newTicketId, boolean newAppointmentId,
                 Set<String> broadcasts, boolean ledgers, boolean openBroadcasts, boolean newBroadcastId,
                 Set<String> fraudAlerts, boolean newFraudId) {
        this(tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slots, newTicketId,
                newAppointmentId, broadcasts, ledgers, openBroadcasts, newBroadcastId, fraudAlerts, newFraudId, false);
    }

    /** Only a fresh one-time console code. */
    public static final Needs CONSOLE_CODE = new Needs(Set.of(), false, false, Set.of(), false, List.of(), false, false,
            Set.of(), false, false, false, Set.of(), false, true);

    /** Only fraud alerts: these by id, and a new id or not. */
    public static Needs fraud(Set<String> ids, boolean newId) {
        return new Needs(Set.of(), false, false, Set.of(), false, List.of(), false, false, Set.of(), false, false, false,
                Set.copyOf(ids), newId);
    }

    /** Only broadcasts: these by id (with their ledgers or not), the open ones, a new id. */
    public static Needs broadcasts(Set<String> ids, boolean ledgers, boolean open, boolean newId) {
        return new Needs(Set.of(), false, false, Set.of(), false, List.of(), false, false, Set.copyOf(ids), ledgers,
                open, newId);
    }

    /** These needs, and the broadcasts in force now (with their ledgers, or not). */
    public Needs withOpenBroadcasts(boolean withLedgers) {
        return new Needs(tickets, senderTickets, assigneeTickets, appointments, senderAppointments, slots, newTicketId,
                newAppointmentId, broadcasts, ledgers || withLedgers, true, newBroadcastId, fraudAlerts, newFraudId,
                consoleCode);
    }
}
