package zhijian.message;

import java.time.Instant;

/**
 * Something the gateway itself noticed that staff must hear about: a message that could not be delivered, or a
 * channel that went down or came back, or a broadcast's wave that is done (BROADCAST_DONE: subject = the broadcast,
 * detail = the wave). Decided like a message, so the notices follow the same rules and path.
 *
 * @param subject     the chat that could not be reached, or the channel
 * @param subjectName how staff know that chat (a group's or a person's name), or null
 * @param detail      why, in words staff can read
 * @param ref         what makes this event one of its own when kind, subject and time are alike (DELIVERY_FAILED: the
 *                    outbound entry given up — two messages to one chat can be given up in the same millisecond);
 *                    empty when kind, subject and time identify it
 */
public record SystemEvent(Kind kind, String subject, String subjectName, String detail, Instant at, String ref) {
    public enum Kind { DELIVERY_FAILED, CHANNEL_DOWN, CHANNEL_UP, BROADCAST_DONE }

    public SystemEvent {
        ref = ref == null ? "" : ref;
    }
}
