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
 */
public record Needs(Set<String> tickets, boolean senderTickets, boolean assigneeTickets, Set<String> appointments,
                    boolean senderAppointments, List<Slot> slots, boolean newTicketId, boolean newAppointmentId) {
    public static final Needs NOTHING = new Needs(Set.of(), false, false, Set.of(), false, List.of(), false, false);
}
