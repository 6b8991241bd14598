package zhijian.ticket;

import zhijian.routing.Assignees;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A resident's request as the station works it.
 *
 * @param id              readable id, e.g. {@code AZ-20261122-0007}
 * @param category        the catalog item ({@code dispute}, {@code emergency} …)
 * @param kind            a finer kind (the emergency's kind, {@code clue} for a tip), or null
 * @param grid            the grid it belongs to, or null when the resident's grid is unknown
 * @param chat            where the resident asked; answers go back there
 * @param originMessage   the message that opened it
 * @param resident        who asked
 * @param residentName    their name as shown
 * @param text            what they asked, in full (never logged, never echoed into a group when confidential)
 * @param confidential    a tip (举报/线索): handled in private only
 * @param route           the route's key, e.g. {@code "*" + "/dispute"} (any grid)
 * @param chain           the handlers in order; {@code step} is where it stands now
 * @param assignee        who must sign for it or is working on it
 * @param dispatchNo      counts dispatches; a sign deadline belongs to one dispatch
 * @param signWithin      how long each assignee has to sign
 * @param finishWithin    how long the station has to finish, from receipt
 * @param missed          deadlines missed so far, each recorded once ({@code sign#2}, {@code finish})
 * @param version         bumped on every change; a change is applied only over the version it was decided on
 */
public record Ticket(String id, String category, String kind, String grid, String chat, String originMessage,
                     String resident, String residentName, String text, boolean confidential, String route,
                     List<Assignees.Step> chain, int step, String assignee, int dispatchNo, TicketState state,
                     Duration signWithin, Duration finishWithin, Instant createdAt, Instant signDue,
                     Instant finishDue, Instant signedAt, Instant firstResponseAt, Instant closedAt, String outcome,
                     Integer rating, List<String> missed, int escalations, int version) {
    public Ticket {
        chain = List.copyOf(chain);
        missed = List.copyOf(missed);
    }

    Ticket with(TicketState state, String assignee, int step, int dispatchNo, Instant signDue, Instant signedAt,
                Instant firstResponseAt, Instant closedAt, String outcome, Integer rating, List<String> missed,
                int escalations) {
        return new Ticket(id, category, kind, grid, chat, originMessage, resident, residentName, text, confidential,
                route, chain, step, assignee, dispatchNo, state, signWithin, finishWithin, createdAt, signDue,
                finishDue, signedAt, firstResponseAt, closedAt, outcome, rating, missed, escalations, version + 1);
    }

    /** Dispatched again, to {@code to} at chain step {@code step}, with a new sign deadline; nobody has signed. */
    Ticket redispatched(String to, int step, Instant signDue, List<String> missed, int escalations) {
        return new Ticket(id, category, kind, grid, chat, originMessage, resident, residentName, text, confidential,
                route, chain, step, to, dispatchNo + 1, TicketState.DISPATCHED, signWithin, finishWithin, createdAt,
                signDue, finishDue, null, firstResponseAt, null, null, null, missed, escalations, version + 1);
    }

    /** The resident's words with what they added later. */
    public Ticket supplemented(String more) {
        return new Ticket(id, category, kind, grid, chat, originMessage, resident, residentName,
                text + "\n【补充】" + more, confidential, route, chain, step, assignee, dispatchNo, state, signWithin,
                finishWithin, createdAt, signDue, finishDue, signedAt, firstResponseAt, closedAt, outcome, rating, missed,
                escalations, version + 1);
    }

    /** A short excerpt of the request for notices and lists (never for a group when confidential). */
    public String excerpt(int max) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() <= max ? t : t.substring(0, max) + "…";
    }
}
