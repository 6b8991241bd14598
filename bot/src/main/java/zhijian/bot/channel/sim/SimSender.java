package zhijian.bot.channel.sim;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Channels;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.time.Clock;
import java.util.List;

/**
 * The simulator's "channel": a message is delivered by showing it in the simulated chat, once even when a delivery
 * is retried. It also shows messages for chats whose real channel is not configured (the demo).
 */
public final class SimSender implements ChannelSender {
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final LuaScript script = LuaScript.load("deliver_sim");

    public SimSender(UnifiedJedis redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public String channel() { return Channels.SIM; }

    @Override
    public int maxTextBytes() { return 0; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry) {
        SimEntry line = new SimEntry(m.id(), matrix.station().botId(), matrix.station().botName(), part, clock.instant(),
                true, m.ticket(), m.replyTo());
        script.run(redis, List.of(keys.simSent(partKey), keys.simLog(chat.id())), List.of(Json.write(line), "604800"));
        return Receipt.sent();
    }
}
