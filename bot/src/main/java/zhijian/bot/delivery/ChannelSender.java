package zhijian.bot.delivery;

import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

/**
 * Sends outbound messages through one channel. A sender acknowledges the outbound entry itself once the message is
 * out (atomically with it where the channel lives in Redis, as the simulator does), or throws to have it retried.
 */
public interface ChannelSender {
    /** The channel name groups are bound to, e.g. {@code sim}. */
    String channel();

    /**
     * @param entry where the message sits on the outbound stream, to acknowledge
     * @param chat  the chat it goes to
     */
    void deliver(OutboundEntry entry, OutboundMessage message, Group chat, Matrix matrix) throws Exception;

    /** An outbound stream entry and how to acknowledge it. */
    interface OutboundEntry {
        String stream();
        String group();
        String id();
        /** Acknowledges the entry; false when another worker already had. */
        boolean ack();
    }
}
