package zhijian.bot.console;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

/**
 * The console as a channel: the bot's answer to something done on the console (签收, 回复, 发布 …) goes back to the
 * console page that did it, as it would go back to the chat it was typed in. Kept for a day under the action's
 * message id; the page asks for it.
 */
public final class ConsoleSender implements ChannelSender {
    public static final String CHANNEL = "console";
    /** The inbound ids of console actions start with this. */
    public static final String ID_PREFIX = "console-";
    private static final long KEEP_SECONDS = 24 * 3600;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public ConsoleSender(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Whether a message answers a console action (and so goes back to the console). */
    public static boolean answersConsole(OutboundMessage m) {
        return m.replyTo() != null && m.replyTo().startsWith(ID_PREFIX) && m.kind() == OutboundMessage.Kind.REPLY;
    }

    @Override
    public String channel() { return CHANNEL; }

    @Override
    public int maxTextBytes() { return 0; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry) {
        String key = keys.consoleAnswers(m.replyTo());
        // a retried send may have arrived already: the same part is not added twice
        if (!retry || !redis.lrange(key, 0, -1).contains(part)) redis.rpush(key, part);
        redis.expire(key, KEEP_SECONDS);
        return Receipt.sent();
    }
}
