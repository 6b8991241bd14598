package zhijian.ticket;

import java.time.Instant;

/**
 * One line of a ticket's timeline.
 *
 * @param actor who did it (a person's id, or the bot's for deadlines)
 * @param to    who it went to, where it went to somebody (派单, 改派, 升级)
 * @param note  the reply, the reason, the outcome or the rating
 */
public record TicketEvent(Instant at, EventType type, String actor, String to, String note) {
}
