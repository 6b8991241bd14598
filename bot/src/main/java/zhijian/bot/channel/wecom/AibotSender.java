package zhijian.bot.channel.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.UnifiedJedis;
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
import java.util.Map;

/**
 * WeCom 智能机器人 in internal groups: it can only answer a message that @-mentioned it, through that message's
 * {@code response_url} (kept for an hour when the message came in). A notice with nothing to answer cannot go
 * this way and is dead-lettered with that reason.
 */
public final class AibotSender implements ChannelSender {
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final JsonHttp http;

    public AibotSender(UnifiedJedis redis, RedisKeys keys, JsonHttp http) {
        this.redis = redis;
        this.keys = keys;
        this.http = http;
    }

    @Override public String channel() { return "wecom_aibot"; }

    @Override public int maxTextBytes() { return 4000; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix) throws SendFailure {
        String url = m.replyTo() == null ? null : redis.get(keys.aibotResponseUrl(m.replyTo()));
        if (url == null) {
            throw SendFailure.permanent("no_response_url", "智能机器人只能回复@它的消息，这条消息没有可用的回复地址（或已过期）");
        }
        String body = Json.write(Map.of("msgtype", "markdown", "markdown", Map.of("content", part)));
        JsonHttp.Response r;
        try {
            r = http.post(url, body);
        } catch (IOException | IllegalArgumentException e) {
            throw SendFailure.retry("network", e.getClass().getSimpleName());
        }
        if (r.status() >= 500) throw SendFailure.retry("http_" + r.status(), "response_url answered " + r.status());
        if (r.status() >= 400) throw SendFailure.permanent("http_" + r.status(), "response_url answered " + r.status());
        try {
            JsonNode j = Json.MAPPER.readTree(r.body());
            int code = j.path("errcode").asInt(0);
            if (code != 0) {
                String msg = "errcode " + code + " " + j.path("errmsg").asText("");
                if (code == -1 || code == 45009) throw SendFailure.retry(String.valueOf(code), msg);
                throw SendFailure.permanent(String.valueOf(code), msg);
            }
        } catch (IOException ignored) {
            // an empty or non-JSON 200 is a success
        }
        return Receipt.sent();
    }
}
