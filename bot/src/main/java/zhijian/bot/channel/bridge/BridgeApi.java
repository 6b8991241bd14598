package zhijian.bot.channel.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Json;
import zhijian.bot.channel.People;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Inbox;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Address;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /bridge/wechatbot?token=…}: messages from residents' own WeChat groups, posted by the personal-WeChat
 * bridge (the wechatbot-webhook API) as multipart forms: {@code type}, {@code content}, {@code source} (JSON with
 * the room and the sender), {@code isMentioned}, {@code isMsgFromSelf}. The room is mapped to the matrix's group by
 * its id or topic; the bot's own messages are ignored. The bridge gives no message id, so a repeat of the same
 * text by the same person in the same room within a minute is taken for a retry.
 */
public final class BridgeApi {
    private static final Logger log = LoggerFactory.getLogger(BridgeApi.class);
    static final String CHANNEL = "bridge";
    /** Longer than any chat message a resident types or forwards: refused rather than read and stored. */
    static final int MAX_TEXT_CHARS = 10_000;

    private final ChannelConfig.Bridge settings;
    private final Inbox inbox;
    private final MatrixStore matrices;
    private final Clock clock;
    private final Counters counters;

    public BridgeApi(ChannelConfig.Bridge settings, Inbox inbox, MatrixStore matrices, Clock clock, Counters counters) {
        this.settings = settings;
        this.inbox = inbox;
        this.matrices = matrices;
        this.clock = clock;
        this.counters = counters;
    }

    public Reply receive(Request req) {
        if (!tokenMatches(req.param("token"))) return refuse(401, "bad_token", "wrong or missing token");
        Map<String, String> form;
        try {
            form = form(req);
        } catch (RuntimeException e) {
            return refuse(400, "malformed_form", "the body is not a multipart form the bridge sends");
        }
        if (!form.containsKey("type") || !form.containsKey("source") && !form.containsKey("content")) {
            // not what the bridge sends: say so, or a misconfigured bridge would drop messages without a trace
            return refuse(400, "malformed_form", "the form has no type/source/content fields");
        }
        String type = form.getOrDefault("type", "");
        if ("1".equals(form.get("isMsgFromSelf")) || "true".equals(form.get("isMsgFromSelf"))) {
            return ok();   // the bot's own message, echoed by the bridge
        }
        if (!type.equals("text")) {
            counters.inc("bridge.ignored." + (type.isBlank() ? "none" : type.replaceAll("[^a-z_]", "")));
            return ok();
        }
        JsonNode source;
        try {
            source = Json.MAPPER.readTree(form.getOrDefault("source", ""));
        } catch (Exception e) {
            return refuse(400, "malformed_source", "source is not JSON");
        }
        if (source == null || !source.isObject()) return refuse(400, "malformed_source", "source is not a JSON object");
        String fromId = source.path("from").path("id").asText(""), fromName = source.path("from").path("payload").path("name").asText("");
        if (fromId.isBlank() && fromName.isBlank()) return refuse(400, "malformed_source", "source.from has no id or name");
        // a text message always has its content field (maybe empty): without it the form is not the bridge's
        if (!form.containsKey("content")) return refuse(400, "malformed_form", "a text message has no content field");
        String content = form.get("content");
        if (content.length() > MAX_TEXT_CHARS) {
            return refuse(413, "text_too_long", "content over " + MAX_TEXT_CHARS + " characters");
        }
        if (content.isBlank()) return ok();

        Matrix m = matrices.current();
        JsonNode room = source.path("room");
        String roomId = room.path("id").asText(""), topic = room.path("payload").path("topic").asText("");
        boolean inRoom = !roomId.isBlank() || !topic.isBlank();
        String chat;
        Address address = new Address(CHANNEL, fromName.isBlank() ? fromId : fromName);
        People.Who who = People.who(m, matrices, address, fromName);
        if (inRoom) {
            Optional<Group> g = m.groupOn(CHANNEL, roomId).or(() -> m.groupOn(CHANNEL, topic));
            if (g.isEmpty()) {
                log.warn("bridge: a message from a WeChat group not bound in groups.yaml (topic length {})", topic.length());
                return refuse(404, "unknown_room", "this WeChat group is not a group of the matrix");
            }
            chat = g.get().id();
        } else {
            chat = Group.privateChatId(who.id());
        }
        boolean mentioned = "1".equals(form.get("isMentioned")) || "true".equals(form.get("isMentioned"));
        String text = content;
        for (String alias : m.station().botAliases()) text = text.replace("@" + alias, " ");
        text = text.replace('\u2005', ' ').strip();
        if (text.isEmpty()) text = content.strip();
        if (!inRoom) mentioned = true;

        String dedup = sha(chat + "|" + who.id() + "|" + content);
        InboundMessage in = new InboundMessage("wx-" + UUID.randomUUID(), CHANNEL, dedup, chat, who.id(), who.name(), text,
                mentioned, clock.instant(), InboundMessage.Kind.TEXT, null, address);
        Inbox.Accepted a = inbox.appendWithTtl(in, java.time.Duration.ofSeconds(60));
        counters.inc(a.duplicate() ? "bridge.duplicates" : "bridge.accepted");
        return ok();
    }

    private boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.token().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(Request req) {
        DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, req.path(),
                Unpooled.wrappedBuffer(req.body()));
        r.headers().set(req.headers());
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), r, StandardCharsets.UTF_8);
        try {
            Map<String, String> out = new HashMap<>();
            List<InterfaceHttpData> data = decoder.getBodyHttpDatas();
            for (InterfaceHttpData d : data) {
                if (d instanceof Attribute a) {
                    try {
                        out.put(a.getName(), a.getValue());
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException(e);
                    }
                }
            }
            return out;
        } finally {
            decoder.destroy();
            r.release();
        }
    }

    private static String sha(String s) {
        return zhijian.text.Hashes.sha256Hex(s);
    }

    private Reply refuse(int status, String code, String message) {
        counters.inc("bridge.refused." + code);
        return Reply.json(status, Map.of("success", false, "error", code, "message", message));
    }

    private static Reply ok() {
        return Reply.json(200, Map.of("success", true));
    }
}
