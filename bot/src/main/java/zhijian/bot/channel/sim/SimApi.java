package zhijian.bot.channel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.http.ApiException;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.queue.Inbox;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Channels;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Tier;
import zhijian.message.InboundMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The simulator: every chat of the matrix playable over JSON, the same pipeline as the real channels with another
 * adapter. Messages posted here are checked, then accepted through the {@link Inbox} exactly like a channel's.
 */
public final class SimApi {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern PERSON_ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final MatrixStore matrices;
    private final Inbox inbox;
    private final Clock clock;
    private final int maxTextChars;

    public SimApi(UnifiedJedis redis, RedisKeys keys, MatrixStore matrices, Inbox inbox, Clock clock, int maxTextChars) {
        this.redis = redis;
        this.keys = keys;
        this.matrices = matrices;
        this.inbox = inbox;
        this.clock = clock;
        this.maxTextChars = maxTextChars;
    }

    // ---------------------------------------------------------------- GET /api/sim/chats

    public Reply chats(Request req) {
        Matrix m = matrices.current();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Group g : m.groups()) if (g.active()) out.add(view(g, m));
        for (Member p : m.members()) if (p.active()) out.add(view(m.privateChatOf(p), m));
        for (Member c : matrices.contacts()) {
            if (m.member(c.id()).isEmpty()) out.add(view(m.privateChatOf(c), m.withMembers(List.of(c))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bot", Map.of("id", m.station().botId(), "name", m.station().botName(), "aliases", m.station().botAliases()));
        body.put("station", m.station().name());
        body.put("zone", m.station().zone().getId());
        body.put("ticketPrefix", m.station().ticketPrefix());
        body.put("appointmentPrefix", m.station().ticketPrefix() + "Y");
        body.put("chats", out);
        return Reply.json(200, body);
    }

    private static Map<String, Object> view(Group g, Matrix m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("chat", g.id());
        v.put("name", g.isPrivate() ? "私聊：" + g.name() : g.name());
        v.put("tier", g.tier() == Tier.PRIVATE ? null : g.tier().number());
        v.put("kind", g.kind().key());
        v.put("kindName", g.kind().label());
        v.put("grid", g.grid());
        v.put("gridName", g.grid() == null ? null : m.gridName(g.grid()));
        v.put("channel", g.channel());
        List<Map<String, Object>> members = new ArrayList<>();
        for (String id : g.members()) {
            m.member(id).ifPresent(p -> {
                Map<String, Object> mv = new LinkedHashMap<>();
                mv.put("id", p.id());
                mv.put("name", p.name());
                mv.put("role", p.mainRole().key());
                mv.put("roleName", p.mainRole().label());
                members.add(mv);
            });
        }
        v.put("members", members);
        return v;
    }

    // ---------------------------------------------------------------- POST /api/sim/messages

    public Reply post(Request req) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(req.body());
        } catch (Exception e) {
            throw ApiException.badRequest("malformed_json", "请求体不是合法的 JSON (body is not valid JSON)");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("malformed_json", "请求体应为 JSON 对象 (body must be a JSON object)");
        }
        String chatId = requiredText(body, "chat");
        String from = requiredText(body, "from");
        JsonNode textNode = body.get("text");
        if (textNode != null && !textNode.isNull() && !textNode.isTextual()) {
            throw ApiException.badRequest("bad_field", "text 应为字符串 (text must be a string)");
        }
        String text = textNode == null || textNode.isNull() ? "" : textNode.asText();
        if (text.isBlank()) throw ApiException.badRequest("empty_text", "消息内容为空 (text is empty)");
        if (text.codePointCount(0, text.length()) > maxTextChars) {
            throw new ApiException(413, "text_too_long", "消息超过 " + maxTextChars + " 字 (text over " + maxTextChars + " characters)");
        }
        if (!PERSON_ID.matcher(from).matches()) {
            throw ApiException.badRequest("bad_field", "from 只能是 1-64 个字母、数字或 -_.:@ (from: 1-64 letters, digits or -_.:@)");
        }
        String clientId = optionalText(body, "id");
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw ApiException.badRequest("bad_field", "id 只能是 1-100 个字母、数字或 -_.: (id: 1-100 letters, digits or -_.:)");
        }
        String name = optionalText(body, "name");
        if (name != null && name.length() > 32) throw ApiException.badRequest("bad_field", "name 最多 32 字 (name: at most 32 characters)");

        Matrix m = matrices.current();
        Group chat = matrices.chat(m, chatId).filter(Group::active)
                .orElseThrow(() -> ApiException.notFound("unknown_chat", "没有这个聊天 (no such chat): " + chatId));
        if (from.equals(m.station().botId())) {
            throw new ApiException(403, "not_allowed", "不能以机器人的身份发言 (cannot speak as the bot)");
        }
        if (chat.isPrivate() && !chat.members().contains(from)) {
            String owner = chat.members().get(0);
            throw new ApiException(403, "sender_not_in_chat", "这是" + m.nameOf(owner) + "和机器人的私聊，只有" + m.nameOf(owner)
                    + "能发言 (only " + owner + " may write in this private chat)");
        }
        Optional<Member> known = m.member(from).or(() -> matrices.contact(from));
        String fromName = known.map(Member::name).orElse(name != null ? name : from);

        boolean mentioned = body.path("mentioned").asBoolean(false);
        String stripped = text;
        for (String alias : m.station().botAliases()) {
            String at = "@" + alias;
            if (stripped.contains(at)) {
                mentioned = true;
                stripped = stripped.replace(at, " ");
            }
        }
        stripped = stripped.strip();
        if (stripped.isEmpty()) stripped = text.strip();

        // A client's id is its own: the same id from another person or in another chat is another message.
        String channelMsgId = clientId != null ? chat.id() + "/" + from + "/" + clientId : UUID.randomUUID().toString();
        String messageId = "sim-" + UUID.randomUUID();
        Instant now = clock.instant();
        InboundMessage msg = new InboundMessage(messageId, Channels.SIM, channelMsgId, chat.id(), from, fromName, stripped,
                mentioned, now);
        SimEntry line = new SimEntry(messageId, from, fromName, text, now, false, null, null);
        Inbox.Accepted a = inbox.append(msg, keys.simLog(chat.id()), Json.write(line));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.messageId());
        out.put("duplicate", a.duplicate());
        return Reply.json(a.duplicate() ? 200 : 202, out);
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) throw ApiException.badRequest("missing_field", "缺少字段 " + field + " (missing field: " + field + ")");
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiException.badRequest("bad_field", field + " 应为非空字符串 (" + field + " must be a non-empty string)");
        }
        return n.asText().strip();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiException.badRequest("bad_field", field + " 应为字符串 (" + field + " must be a string)");
        String v = n.asText().strip();
        return v.isEmpty() ? null : v;
    }

    // ---------------------------------------------------------------- GET /api/sim/messages?chat=…&after=…

    public Reply messages(Request req) {
        String chatId = req.param("chat");
        if (chatId == null || chatId.isBlank()) throw ApiException.badRequest("missing_field", "缺少参数 chat (missing query parameter: chat)");
        Matrix m = matrices.current();
        matrices.chat(m, chatId).orElseThrow(() -> ApiException.notFound("unknown_chat", "没有这个聊天 (no such chat): " + chatId));
        int after = 0;
        String afterText = req.param("after");
        if (afterText != null) {
            try {
                after = Math.max(0, Integer.parseInt(afterText));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("bad_field", "after 应为整数 (after must be a whole number)");
            }
        }
        List<String> raw = redis.lrange(keys.simLog(chatId), after, -1);
        List<Map<String, Object>> out = new ArrayList<>();
        int seq = after;
        for (String json : raw) {
            SimEntry e = Json.read(json, SimEntry.class);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("seq", ++seq);
            v.put("id", e.id());
            v.put("from", e.from());
            v.put("fromName", e.fromName());
            v.put("text", e.text());
            v.put("at", e.at().toString());
            v.put("bot", e.bot());
            if (e.ticket() != null) v.put("ticket", e.ticket());
            if (e.replyTo() != null) v.put("replyTo", e.replyTo());
            out.add(v);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat", chatId);
        body.put("messages", out);
        return Reply.json(200, body);
    }
}
