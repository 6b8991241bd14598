package zhijian.bot.channel.mp;

import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import zhijian.bot.ChannelConfig;
import zhijian.bot.channel.Callbacks;
import zhijian.bot.channel.People;
import zhijian.bot.channel.wecom.CallbackCrypto;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Inbox;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Address;
import zhijian.matrix.Group;
import zhijian.message.InboundMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code /mp/callback}: an Official Account's followers writing to it, in plaintext or safe (AES) mode. Each
 * follower is a resident in a private chat with the bot; the answer goes back as a customer-service message.
 */
public final class MpCallbackApi {
    private static final Logger log = LoggerFactory.getLogger(MpCallbackApi.class);
    static final String CHANNEL = "mp";

    private final ChannelConfig.Mp settings;
    private final ChannelConfig.Wecom wecom;   // only for the shared timestamp window
    private final CallbackCrypto crypto;
    private final Inbox inbox;
    private final MatrixStore matrices;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Counters counters;

    public MpCallbackApi(ChannelConfig.Mp settings, ChannelConfig.Wecom wecom, Inbox inbox, MatrixStore matrices,
                         UnifiedJedis redis, RedisKeys keys, Clock clock, Counters counters) {
        this.settings = settings;
        this.wecom = wecom;
        this.crypto = settings.aesKey() == null ? null : new CallbackCrypto(settings.token(), settings.aesKey(), settings.appId());
        this.inbox = inbox;
        this.matrices = matrices;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.counters = counters;
    }

    /** GET: the URL check — SHA1 of token, timestamp and nonce; answer echostr. */
    public Reply verify(Request req) {
        Reply bad = checkSignature(req);
        if (bad != null) return bad;
        String echo = req.param("echostr");
        return echo == null ? refuse(400, "missing_param", "echostr is required") : Reply.text(200, echo);
    }

    public Reply receive(Request req) {
        Reply bad = checkSignature(req);
        if (bad != null) return bad;
        if (crypto != null && !"aes".equals(req.param("encrypt_type"))) {
            // in safe mode the plaintext signature covers no body: a logged URL would let anyone post anything
            return refuse(403, "plaintext_refused", "safe mode is on: only encrypted messages are accepted");
        }
        String xml;
        try {
            if ("aes".equals(req.param("encrypt_type"))) {
                if (crypto == null) return refuse(400, "not_configured", "safe mode needs ZJ_MP_AES_KEY");
                String encrypt = CallbackCrypto.encryptElement(req.bodyText());
                if (!crypto.verify(req.param("msg_signature"), req.param("timestamp"), req.param("nonce"), encrypt)) {
                    return refuse(403, "bad_signature", "msg_signature does not match");
                }
                xml = crypto.open(encrypt).content();
            } else {
                xml = req.bodyText();
            }
            CallbackCrypto.safeParse(xml);   // refuse DOCTYPEs and entities before XStream sees it
        } catch (CallbackCrypto.Rejected r) {
            return refuse("wrong_receiver".equals(r.code()) ? 403 : 400, r.code(), r.getMessage());
        }
        // the plaintext signature does not cover the body: a timestamp and nonce count once — once a body under them
        // has passed every check, so a forged or broken body cannot use them up before WeChat's own gets here
        if (!"OK".equals(redis.set(keys.dedup("mp-nonce", req.param("timestamp") + ":" + req.param("nonce")), "1",
                SetParams.setParams().nx().ex(Math.max(600, wecom.maxSkew().toSeconds() * 2))))) {
            counters.inc("mp.replayed");
            return Reply.text(200, "success");
        }
        WxMpXmlMessage x;
        try {
            x = WxMpXmlMessage.fromXml(xml);
        } catch (RuntimeException e) {
            return refuse(400, "malformed_xml", "not an Official Account message");
        }
        if (x.getFromUser() == null) return refuse(400, "malformed_xml", "the message has no sender");
        String type = x.getMsgType() == null ? "" : x.getMsgType().toLowerCase(Locale.ROOT);
        Callbacks.Content c;
        if (type.equals("event")) {
            if (!"subscribe".equalsIgnoreCase(x.getEvent())) return Reply.text(200, "success");
            // a new follower: greeted like someone opening the app's chat
            c = new Callbacks.Content(InboundMessage.Kind.EVENT, "enter_agent", null);
        } else {
            c = Callbacks.content(type, x.getContent(), x.getMediaId(), x.getRecognition(), x.getLocationX(), x.getLocationY(),
                    x.getLabel());
            if (c == null) {
                counters.inc("mp.ignored");
                return Reply.text(200, "success");
            }
        }
        String dedup = x.getMsgId() != null ? String.valueOf(x.getMsgId())
                : x.getFromUser() + ":" + x.getCreateTime() + ":" + type;
        Address address = new Address(CHANNEL, x.getFromUser());
        People.Who who = People.who(matrices.current(), matrices, address, "公众号用户");
        InboundMessage m = new InboundMessage("mp-" + UUID.randomUUID(), CHANNEL, dedup, Group.privateChatId(who.id()),
                who.id(), who.name(), c.text(), true, clock.instant(), c.kind(), c.attachment(), address);
        Inbox.Accepted a = inbox.append(m);
        counters.inc(a.duplicate() ? "mp.duplicates" : "mp.accepted");
        return Reply.text(200, "success");
    }

    private Reply checkSignature(Request req) {
        String sig = req.param("signature"), ts = req.param("timestamp"), nonce = req.param("nonce");
        if (sig == null || ts == null || nonce == null) return refuse(400, "missing_param", "signature, timestamp and nonce are required");
        String problem = Callbacks.timestampProblem(ts, wecom.maxSkew(), clock);
        if (problem != null) return refuse(problem.equals("bad_timestamp") ? 400 : 403, problem, "timestamp not acceptable");
        String expected = SHA1.gen(settings.token(), ts, nonce);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII))) {
            return refuse(403, "bad_signature", "signature does not match");
        }
        return null;
    }

    private Reply refuse(int status, String code, String message) {
        counters.inc("mp.refused." + code);
        log.warn("Official Account callback refused: {} ({})", code, message);
        return Reply.error(status, code, message);
    }
}
