package zhijian.bot.channel.sim;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Channels;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.time.Clock;
import java.util.List;

/** The simulator's "channel": a message is delivered by showing it in the simulated chat, exactly once. */
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
    public void deliver(OutboundEntry entry, OutboundMessage m, Group chat, Matrix matrix) {
        String text = m.mention() == null ? m.text() : "@" + (m.mentionName() != null ? m.mentionName() : matrix.nameOf(m.mention())) + " " + m.text();
        String botId = matrix.station().botId();
        SimEntry line = new SimEntry(m.id(), botId, matrix.station().botName(), text, clock.instant(), true, m.ticket(),
                m.replyTo());
        script.run(redis, List.of(entry.stream(), keys.simLog(chat.id())), List.of(entry.group(), entry.id(), Json.write(line)));
    }
}
