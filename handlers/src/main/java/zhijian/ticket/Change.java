package zhijian.ticket;

import zhijian.message.TimerEvent;

import java.util.List;

/**
 * What a step of the ticket machine does: the ticket after it, the timeline lines it adds, the deadlines it sets
 * and the ones it clears. {@code before} is null for a new ticket.
 */
public record Change(Ticket before, Ticket after, List<TicketEvent> events, List<TimerEvent> schedule,
                     List<String> cancel) {
    public Change {
        events = List.copyOf(events);
        schedule = List.copyOf(schedule);
        cancel = List.copyOf(cancel);
    }

    public boolean has(EventType type) {
        return events.stream().anyMatch(e -> e.type() == type);
    }
}
