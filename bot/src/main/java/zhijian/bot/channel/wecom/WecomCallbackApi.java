package zhijian.bot.channel.wecom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
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
import zhijian.message.InboundMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /wecom/callback}: the WeCom self-built app's callback. GET answers the URL check; POST verifies the
 * signature, the timestamp window and the corp id inside the plaintext, drops WeCom's retries (by MsgId, or sender +
 * time + event for events), puts the message on the inbound stream, and only then answers 200. Anything that fails a
 * check is refused with 4xx and nothing is queued.
 */
public final class WecomCallbackApi {
    private static final Logger log = LoggerFactory.getLogger(WecomCallbackApi.class);
    static final String CHANNEL = "wecom_app";

    private final ChannelConfig.Wecom settings;
    private final CallbackCrypto crypto;
    private final Inbox inbox;
    private final MatrixStore matrices;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Counters counters;

    public WecomCallbackApi(ChannelConfig.Wecom settings, Inbox inbox, MatrixStore matrices, UnifiedJedis redis,
                            RedisKeys keys, Clock clock, Counters counters) {
        this.settings = settings;
        this.crypto = new CallbackCrypto(settings.token(), settings.aesKey(), settings.corpId());
        this.inbox = inbox;
        this.matrices = matrices;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.counters = counters;
    }

    /** GET: WeCom checks the URL; answer the decrypted echostr alone. */
    public Reply verify(Request req) {
        try {
            String echo = req.param("echostr");
            checkParams(req, echo);
            if (!crypto.verify(req.param("msg_signature"), req.param("timestamp"), req.param("nonce"), echo)) {
                return refuse(403, "bad_signature", "signature does not match");
            }
            return Reply.text(200, crypto.open(echo).content());
        } catch (CallbackCrypto.Rejected r) {
            return refuse(r);
        }
    }

    /** POST: one encrypted message or event. */
    public Reply receive(Request req) {
        Map<String, String> x;
        try {
            checkParams(req, "");
            String encrypt = CallbackCrypto.encryptElement(req.bodyText());
            if (!crypto.verify(req.param("msg_signature"), req.param("timestamp"), req.param("nonce"), encrypt)) {
                return refuse(403, "bad_signature", "signature does not match");
            }
            String plain = crypto.open(encrypt).content();
            try {
                x = CallbackCrypto.fields(plain);
            } catch (CallbackCrypto.Rejected e) {
                return refuse(400, "malformed_xml", "the decrypted message is not a WeCom message");
            }
        } catch (CallbackCrypto.Rejected r) {
            return refuse(r);
        }
        return accept(x);
    }

    /** One message or event, as the elements of its XML (the names WeCom's documentation gives them). */
    private Reply accept(Map<String, String> x) {
        String type = nz(x.get("MsgType")).strip().toLowerCase(Locale.ROOT), from = nz(x.get("FromUserName")).strip();
        if (from.isBlank()) {
            return refuse(400, "malformed_xml", "the message has no sender");
        }
        if (type.equals("event")) return event(x, from);
        Callbacks.Content c;
        try {
            c = Callbacks.content(type, x.get("Content"), x.get("MediaId"), x.get("Recognition"), number(x.get("Location_X")),
                    number(x.get("Location_Y")), x.get("Label"));
        } catch (NumberFormatException e) {
            return refuse(400, "malformed_xml", "a location that is not a number");
        }
        if (c == null) {
            counters.inc("wecom.ignored." + type);
            return Reply.text(200, "");
        }
        String msgId = nz(x.get("MsgId")).strip();
        String dedup = !msgId.isEmpty() ? msgId : from + ":" + nz(x.get("CreateTime")).strip() + ":" + type;
        return enqueue(from, dedup, c.kind(), c.text(), c.attachment());
    }

    private Reply event(Map<String, String> x, String from) {
        String event = nz(x.get("Event")).strip();
        String dedup = from + ":" + nz(x.get("CreateTime")).strip() + ":" + event
                + (x.get("EventKey") == null ? "" : ":" + x.get("EventKey"));
        switch (event) {
            case "enter_agent" -> {
                return enqueue(from, dedup, InboundMessage.Kind.EVENT, "enter_agent", null);
            }
            case "kf_msg_or_event" -> {
                // fetching the messages calls WeCom: not here (5 s limit) but by an inbox worker
                inbox.appendJob("wecom_kf", x.get("ToUserName") + ":" + x.get("Token"), "kf",
                        Map.of("token", nz(x.get("Token")), "open_kfid", nz(x.get("OpenKfId"))));
                counters.inc("wecom.kf_events");
                return Reply.text(200, "");
            }
            case "change_external_chat" -> {
                String chatId = x.get("ChatId");
                if (chatId != null) {
                    redis.hset(keys.externalChats(), chatId, Json.write(Map.of("changeType", nz(x.get("ChangeType")),
                            "at", clock.instant().toString())));
                    boolean bound = matrices.current().groupOn("wecom_customer_group", chatId).isPresent();
                    if (!bound) log.info("customer group {} changed ({}); it is not bound to a group of the matrix", chatId, x.get("ChangeType"));
                }
                return Reply.text(200, "");
            }
            default -> {
                counters.inc("wecom.ignored.event");
                return Reply.text(200, "");
            }
        }
    }

    private Reply enqueue(String userId, String dedup, InboundMessage.Kind kind, String text, String attachment) {
        Address address = new Address(CHANNEL, userId);
        People.Who who = People.who(matrices.current(), matrices, address, userId);
        Instant now = clock.instant();
        InboundMessage m = new InboundMessage("wecom-" + java.util.UUID.randomUUID(), CHANNEL, dedup,
                Group.privateChatId(who.id()), who.id(), who.name(), text, true, now, kind, attachment, address);
        Inbox.Accepted a = inbox.append(m);
        counters.inc(a.duplicate() ? "wecom.duplicates" : "wecom.accepted");
        return Reply.text(200, "");
    }

    private void checkParams(Request req, String payload) throws CallbackCrypto.Rejected {
        String sig = req.param("msg_signature"), ts = req.param("timestamp"), nonce = req.param("nonce");
        if (sig == null || ts == null || nonce == null || payload == null) {
            throw new CallbackCrypto.Rejected("missing_param", "msg_signature, timestamp, nonce (and echostr for GET) are required");
        }
        String problem = Callbacks.timestampProblem(ts, settings.maxSkew(), clock);
        if (problem != null) {
            throw new CallbackCrypto.Rejected(problem, problem.equals("bad_timestamp") ? "timestamp is not a number"
                    : "timestamp outside the accepted window (a replay?)");
        }
    }

    private Reply refuse(CallbackCrypto.Rejected r) {
        int status = switch (r.code()) {
            case "malformed_xml", "missing_param", "bad_timestamp", "bad_encryption" -> 400;
            default -> 403;
        };
        return refuse(status, r.code(), r.getMessage());
    }

    private Reply refuse(int status, String code, String message) {
        counters.inc("wecom.refused." + code);
        log.warn("WeCom callback refused: {} ({})", code, message);
        return Reply.error(status, code, message);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Double number(String s) {
        return s == null || s.isBlank() ? null : Double.valueOf(s.strip());
    }
}
