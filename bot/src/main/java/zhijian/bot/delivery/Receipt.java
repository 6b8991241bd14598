package zhijian.bot.delivery;

/**
 * What a channel said to a send: sent, or (customer-group mass messages) waiting for the owning officer to confirm
 * in WeCom. {@code channelId} is the channel's id for it, where it gives one.
 */
public record Receipt(Status status, String channelId) {
    public enum Status { SENT, WAITING_CONFIRMATION }

    public static Receipt sent() { return new Receipt(Status.SENT, null); }

    public static Receipt sent(String channelId) { return new Receipt(Status.SENT, channelId); }
}
