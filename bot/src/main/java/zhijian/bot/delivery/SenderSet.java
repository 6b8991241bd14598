package zhijian.bot.delivery;

import zhijian.matrix.Group;

import java.util.Map;
import java.util.Optional;

/**
 * The senders of the channels this gateway has configured, and where chats of other channels go (the simulator,
 * while it is on; nowhere otherwise).
 */
public final class SenderSet {
    private final Map<String, ChannelSender> senders;
    private final ChannelSender fallback;

    public SenderSet(Map<String, ChannelSender> senders, ChannelSender fallback) {
        this.senders = Map.copyOf(senders);
        this.fallback = fallback;
    }

    /**
     * The sender of one message: an answer to something done on the staff console goes back to the console (when it
     * is on); everything else through its chat's channel.
     */
    public Optional<ChannelSender> forMessage(zhijian.message.OutboundMessage m, Group chat) {
        ChannelSender console = senders.get(zhijian.bot.console.ConsoleSender.CHANNEL);
        if (console != null && zhijian.bot.console.ConsoleSender.answersConsole(m)) return Optional.of(console);
        return forChat(chat);
    }

    /** The sender that really carries this chat's messages, if any. */
    public Optional<ChannelSender> forChat(Group chat) {
        ChannelSender s = senders.get(chat.channel());
        return Optional.ofNullable(s != null ? s : fallback);
    }
}
