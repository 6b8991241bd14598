package zhijian.bot.channel.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Json;
import zhijian.bot.channel.Callbacks;
import zhijian.bot.channel.People;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Inbox;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Address;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code /wecom/aibot/callback}: the WeCom 智能机器人 in internal groups. Same signature and AES scheme as the app,
 * but a JSON body ({@code {"encrypt": …}}) that WxJava does not parse, and the receive id is "". A group @-mention
 * goes into the pipeline as a message in the group bound to that chatid; the answer goes back through the message's
 * {@code response_url}, kept for an hour. The callback itself is answered at once with an empty body.
 */
public final class AibotCallbackApi {
    private static final Logger log = LoggerFactory.getLogger(AibotCallbackApi.class);
    static final String CHANNEL = "wecom_aibot";

    private final ChannelConfig.Wecom settings;
    private final CallbackCrypto crypto;
    private final Inbox inbox;
    private final MatrixStore matrices;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Counters counters;

    public AibotCallbackApi(ChannelConfig.Wecom settings, Inbox inbox, MatrixStore matrices, UnifiedJedis redis,
                            RedisKeys keys, Clock clock, Counters counters) {
        this.settings = settings;
        this.crypto = new CallbackCrypto(settings.aibotToken(), settings.aibotAesKey(), "");
        this.inbox = inbox;
        this.matrices = matrices;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.counters = counters;
    }

    public Reply verify(Request req) {
        String echo = req.param("echostr");
        Reply bad = check(req, echo);
        if (bad != null) return bad;
        try {
            return Reply.text(200, crypto.open(echo).content());
        } catch (CallbackCrypto.Rejected r) {
            return Reply.error(403, r.code(), r.getMessage());
        }
    }

    public Reply receive(Request req) {
        String encrypt;
        try {
            JsonNode body = Json.MAPPER.readTree(req.body());
            encrypt = body == null ? null : body.path("encrypt").asText(null);
        } catch (Exception e) {
            return refuse(400, "malformed_json", "the body is not JSON");
        }
        if (encrypt == null || encrypt.isBlank()) return refuse(400, "malformed_json", "no encrypt field");
        Reply bad = check(req, encrypt);
        if (bad != null) return bad;
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(crypto.open(encrypt).content());
        } catch (CallbackCrypto.Rejected r) {
            return refuse("wrong_receiver".equals(r.code()) ? 403 : 400, r.code(), r.getMessage());
        } catch (Exception e) {
            return refuse(400, "malformed_json", "the decrypted message is not JSON");
        }
        String msgId = msg.path("msgid").asText(null), userId = msg.path("from").path("userid").asText(null);
        if (msgId == null || userId == null) return refuse(400, "malformed_json", "msgid and from.userid are required");
        if (!"text".equals(msg.path("msgtype").asText())) {
            counters.inc("aibot.ignored");
            return Reply.text(200, "");
        }
        Matrix m = matrices.current();
        boolean group = "group".equals(msg.path("chattype").asText());
        Address address = new Address("wecom_app", userId);
        People.Who who = People.who(m, matrices, address, userId);
        String chat;
        if (group) {
            Optional<Group> g = m.groupOn(CHANNEL, msg.path("chatid").asText(""));
            if (g.isEmpty()) {
                // WeCom must get its 200 or it retries; the group is just not ours (yet)
                log.warn("智能机器人 message from a group not bound in groups.yaml (chatid {})", msg.path("chatid").asText(""));
                counters.inc("aibot.unknown_group");
                return Reply.text(200, "");
            }
            chat = g.get().id();
        } else {
            chat = Group.privateChatId(who.id());
        }
        String text = msg.path("text").path("content").asText("").replaceFirst("^\\s*@\\S+[\\s\\u2005]*", "").strip();
        // the gateway's id follows WeCom's msgid, so the reply URL can be stored before the message is queued (a worker
        // may answer at once) and a retry of the callback finds the same one
        String id = "aibot-" + msgId;
        String responseUrl = msg.path("response_url").asText(null);
        if (responseUrl != null) {
            redis.set(keys.aibotResponseUrl(id), responseUrl, SetParams.setParams().nx().ex(3600));
        }
        InboundMessage in = new InboundMessage(id, CHANNEL, msgId, chat, who.id(), who.name(), text, true, clock.instant(),
                InboundMessage.Kind.TEXT, null, address);
        Inbox.Accepted a = inbox.append(in);
        counters.inc(a.duplicate() ? "aibot.duplicates" : "aibot.accepted");
        return Reply.text(200, "");
    }

    private Reply check(Request req, String payload) {
        String sig = req.param("msg_signature"), ts = req.param("timestamp"), nonce = req.param("nonce");
        if (sig == null || ts == null || nonce == null || payload == null) {
            return refuse(400, "missing_param", "msg_signature, timestamp and nonce are required");
        }
        String problem = Callbacks.timestampProblem(ts, settings.maxSkew(), clock);
        if (problem != null) return refuse(problem.equals("bad_timestamp") ? 400 : 403, problem, "timestamp not acceptable");
        if (!crypto.verify(sig, ts, nonce, payload)) return refuse(403, "bad_signature", "signature does not match");
        return null;
    }

    private Reply refuse(int status, String code, String message) {
        counters.inc("aibot.refused." + code);
        log.warn("智能机器人 callback refused: {} ({})", code, message);
        return Reply.error(status, code, message);
    }
}
