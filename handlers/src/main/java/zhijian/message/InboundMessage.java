package zhijian.message;

import zhijian.matrix.Address;

import java.time.Instant;

/**
 * One message a person sent, as every channel adapter hands it to the gateway.
 *
 * @param id           the gateway's id of the message (unique across channels)
 * @param channel      the channel it came through, e.g. {@code sim}, {@code wecom_app}, {@code bridge}
 * @param channelMsgId the channel's own id, used to drop the channel's retries
 * @param chat         the matrix chat it was said in (a group id, or {@code dm:<person>})
 * @param from         who said it
 * @param fromName     the name the channel showed for them
 * @param text         what they said (already stripped of an @-mention of the bot); for an event, its name
 * @param mentioned    whether the bot was @-mentioned
 * @param at           when the gateway accepted it
 * @param kind         text, a picture, a voice note, a file, a location, or an event
 * @param attachment   the channel's media id of a picture/voice/file, or a location's description; else null
 * @param senderAddress where the sender can be reached one to one through this channel, or null (the simulator)
 */
public record InboundMessage(String id, String channel, String channelMsgId, String chat, String from,
                             String fromName, String text, boolean mentioned, Instant at, Kind kind,
                             String attachment, Address senderAddress) {
    public enum Kind { TEXT, IMAGE, VOICE, FILE, LOCATION, EVENT }

    /** A text message. */
    public InboundMessage(String id, String channel, String channelMsgId, String chat, String from, String fromName,
                          String text, boolean mentioned, Instant at) {
        this(id, channel, channelMsgId, chat, from, fromName, text, mentioned, at, Kind.TEXT, null, null);
    }

    public InboundMessage {
        if (kind == null) kind = Kind.TEXT;
        if (text == null) text = "";
    }
}
