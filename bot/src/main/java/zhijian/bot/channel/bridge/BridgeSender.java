package zhijian.bot.channel.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Json;
import zhijian.bot.channel.JsonHttp;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends into residents' own WeChat groups (and to people by their WeChat name) through the bridge's
 * {@code POST /webhook/msg/v2?token=…}. The bridge answers with a task result; a group it cannot find is
 * unreachable. While the health check sees the bridge down, nothing is sent and messages wait, marked unreachable.
 * Its pace is deliberately slow (see channels.limits.bridge): accounts that send to many groups at once get
 * restricted.
 */
public final class BridgeSender implements ChannelSender {
    private final ChannelConfig.Bridge settings;
    private final JsonHttp http;
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public BridgeSender(ChannelConfig.Bridge settings, JsonHttp http, UnifiedJedis redis, RedisKeys keys) {
        this.settings = settings;
        this.http = http;
        this.redis = redis;
        this.keys = keys;
    }

    @Override public String channel() { return "bridge"; }

    @Override public int maxTextBytes() { return 4096; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        if ("down".equals(redis.hget(keys.channelState(channel()), "state"))) {
            throw SendFailure.unreachable("bridge_down", "the WeChat bridge is unhealthy", Duration.ofSeconds(60));
        }
        boolean room = !chat.isPrivate();
        String to = chat.channelRef() != null ? chat.channelRef() : chat.name();
        String body = Json.write(Map.of("to", to, "isRoom", room, "data", Map.of("type", "text", "content", part)));
        JsonHttp.Response r;
        try {
            r = http.post(settings.url() + "/webhook/msg/v2?token=" + URLEncoder.encode(settings.token(), StandardCharsets.UTF_8), body);
        } catch (IOException e) {
            throw SendFailure.retry("network", e.getClass().getSimpleName());
        }
        if (r.status() == 401) throw SendFailure.permanent("401", "the bridge refused our token");
        if (r.status() >= 500 || r.status() == 429) throw SendFailure.retry("http_" + r.status(), "the bridge answered " + r.status());
        if (r.status() >= 400) throw SendFailure.permanent("http_" + r.status(), "the bridge answered " + r.status());
        JsonNode j;
        try {
            j = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw SendFailure.retry("bad_answer", "the bridge answered something that is not JSON");
        }
        JsonNode task = j.path("task");
        if (task.path("notFound").size() > 0) {
            throw SendFailure.permanent("not_found", "the bridge's WeChat account cannot find " + (room ? "the group" : "the person"));
        }
        if (!j.path("success").asBoolean(false) || task.path("failedCount").asInt(0) > 0) {
            throw SendFailure.retry("send_failed", "the bridge could not send: " + j.path("message").asText(""));
        }
        return Receipt.sent();
    }
}
