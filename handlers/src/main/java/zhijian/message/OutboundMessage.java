package zhijian.message;

/**
 * One message the bot sends.
 *
 * @param id      unique and derived from what caused it, so applying the same decision twice sends nothing twice
 * @param chat    the chat it goes to (a group, or {@code dm:<person>} for a private message)
 * @param text    the full text, as people will read it
 * @param mention the person it addresses in a group (shown as @name), or null
 * @param mentionName that person's name as shown in the chat
 * @param replyTo the inbound message id it answers, or null
 * @param ticket  the ticket it is about, or null
 * @param kind    what it is, for the ledger and the figures
 * @param title   a broadcast's header (category and station), shown as a heading where the channel has one
 * @param broadcast the broadcast and wave it is part of, or null
 */
public record OutboundMessage(String id, String chat, String text, String mention, String mentionName, String replyTo,
                              String ticket, Kind kind, String title, Broadcast broadcast) {
    public OutboundMessage(String id, String chat, String text, String mention, String mentionName, String replyTo,
                           String ticket, Kind kind) {
        this(id, chat, text, mention, mentionName, replyTo, ticket, kind, null, null);
    }

    /**
     * The broadcast a message is part of: its id, wave and the wave's kind (ALERT, UPDATE, CANCEL), its category and
     * the week it counts in (e.g. 2026-W47), for the broadcast's ledger and the station's figures.
     */
    public record Broadcast(String id, int wave, String kind, String category, String week) {
        public boolean cancel() { return "CANCEL".equals(kind); }
    }

    public enum Kind {
        /** an answer to the person who asked, where they asked */
        REPLY,
        /** a notice to staff: a new ticket, a page, an escalation */
        NOTICE,
        /** a reminder to a resident (appointment) */
        REMINDER,
        /** the gateway's own warning to staff (a message could not be delivered, a channel is down) */
        ALERT,
        /** one chat's copy of a tier-1 broadcast */
        BROADCAST
    }
}
