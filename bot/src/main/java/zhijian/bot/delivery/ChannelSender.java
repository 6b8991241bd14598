package zhijian.bot.delivery;

import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

/**
 * Sends text through one channel. The {@link DeliveryWorker} does the rest around it: size (it splits text into
 * parts of at most {@link #maxTextBytes()}), pace (rate limits), retries and dead letters.
 */
public interface ChannelSender {
    /** The channel name groups are bound to, e.g. {@code bridge}. */
    String channel();

    /** The largest text the channel takes, in UTF-8 bytes (0: no limit). */
    int maxTextBytes();

    /**
     * A broadcast copy's text under its header (【反诈预警】阿扎乡派出所). Plain text here; a channel that takes
     * markdown makes it a heading and sends the copy as markdown.
     */
    default String withTitle(String title, String text) {
        return title + "\n" + text;
    }

    /**
     * Sends one part of a message.
     *
     * @param part    the text to send (the whole message, or one part of it)
     * @param partKey unique for this message and part, for channels that can drop a repeat themselves
     * @param retry   an earlier attempt failed (it may still have arrived: a timeout)
     */
    Receipt send(OutboundMessage message, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure;
}
