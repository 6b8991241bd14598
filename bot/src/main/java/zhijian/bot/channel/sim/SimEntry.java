package zhijian.bot.channel.sim;

import java.time.Instant;

/**
 * One line of a simulated chat, as {@code GET /api/sim/messages} shows it.
 *
 * @param bot     whether the bot said it
 * @param ticket  the ticket it is about, where there is one
 * @param replyTo the message it answers, for bot replies
 */
public record SimEntry(String id, String from, String fromName, String text, Instant at, boolean bot, String ticket,
                       String replyTo) {
}
