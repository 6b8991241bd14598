package zhijian.bot.channel.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.channel.JsonHttp;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.bot.delivery.TextParts;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.io.IOException;
import java.util.Map;

/**
 * WeCom 智能机器人 in internal groups: it can only answer a message that @-mentioned it, through that message's
 * {@code response_url} — good for one call within an hour. The answer goes in one call (shortened if it is too
 * long); after a timeout it is not sent again (it may have arrived). A notice with nothing to answer cannot go
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

    @Override public int maxTextBytes() { return 0; }   // one call per answer: the URL takes one; see below

    /** WeCom takes markdown of up to this many bytes through a response_url; longer answers are shortened. */
    static final int MAX_BYTES = 4000;

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        String key = m.replyTo() == null ? null : keys.aibotResponseUrl(m.replyTo());
        String url = key == null ? null : redis.get(key);
        if (url == null) {
            throw SendFailure.permanent("no_response_url", "智能机器人只能回复@它的消息，这条消息没有可用的回复地址（已用过或已过期）");
        }
        String body = Json.write(Map.of("msgtype", "markdown", "markdown", Map.of("content", shorten(part))));
        JsonHttp.Response r;
        try {
            r = http.post(url, body);
        } catch (IOException | IllegalArgumentException e) {
            // it may have arrived: a response_url is good for one call, so it is not used again
            redis.del(key);
            throw SendFailure.permanent("network", "智能机器人回复超时，是否送达未知（回复地址只能用一次，不再重试）");
        }
        if (r.status() >= 500) throw SendFailure.retry("http_" + r.status(), "response_url answered " + r.status());
        redis.del(key);
        if (r.status() >= 400) throw SendFailure.permanent("http_" + r.status(), "response_url answered " + r.status());
        try {
            JsonNode j = Json.MAPPER.readTree(r.body());
            int code = j.path("errcode").asInt(0);
            if (code != 0) throw SendFailure.permanent(String.valueOf(code), "errcode " + code + " " + j.path("errmsg").asText(""));
        } catch (IOException ignored) {
            // an empty or non-JSON 200 is a success
        }
        return Receipt.sent();
    }

    /** Cut to the byte limit at a character boundary, saying so. */
    static String shorten(String text) {
        if (TextParts.bytes(text) <= MAX_BYTES) return text;
        String tail = "\n…（内容较长，已截断，请私聊查看全文）";
        StringBuilder b = new StringBuilder();
        int budget = MAX_BYTES - TextParts.bytes(tail);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String c = new String(Character.toChars(cp));
            if (TextParts.bytes(b.toString()) + TextParts.bytes(c) > budget) break;
            b.append(c);
            i += Character.charCount(cp);
        }
        return b + tail;
    }
}
