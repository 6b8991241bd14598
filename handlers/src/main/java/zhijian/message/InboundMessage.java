package zhijian.message;

import java.time.Instant;

/**
 * One message a person sent, as every channel adapter hands it to the gateway.
 *
 * @param id           the gateway's id of the message (unique across channels)
 * @param channel      the channel it came through, e.g. {@code sim}, {@code wecom}, {@code bridge}
 * @param channelMsgId the channel's own id, used to drop the channel's retries
 * @param chat         the matrix chat it was said in (a group id, or {@code dm:<person>})
 * @param from         who said it
 * @param fromName     the name the channel showed for them
 * @param text         what they said (already stripped of an @-mention of the bot)
 * @param mentioned    whether the bot was @-mentioned
 * @param at           when the gateway accepted it
 */
public record InboundMessage(String id, String channel, String channelMsgId, String chat, String from,
                             String fromName, String text, boolean mentioned, Instant at) {
}
