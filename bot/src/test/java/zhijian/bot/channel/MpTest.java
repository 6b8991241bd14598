package zhijian.bot.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.channel.wecom.CallbackCrypto;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * An Official Account (公众号): followers write to {@code /mp/callback} (plaintext or safe mode) and are answered as
 * customer-service messages through {@code /cgi-bin/message/custom/send}.
 */
class MpTest {
    static final String APP_ID = "wx1234567890abcdef";
    static final String TOKEN = "mpToken2026";
    static final String AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final String SEND = "/cgi-bin/message/custom/send";
    static final long NOW = GatewayHarness.T0.getEpochSecond();

    private FakeWecom api;
    private GatewayHarness gw;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        api = new FakeWecom();
        gw = GatewayHarness.start("mp-" + info.getTestMethod().orElseThrow().getName(), env(false));
    }

    /** The Official Account's settings; {@code safeMode}: with an EncodingAESKey (encrypted messages only). */
    private Map<String, String> env(boolean safeMode) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZJ_MP_APP_ID", APP_ID);
        env.put("ZJ_MP_SECRET", "mpSecret");
        env.put("ZJ_MP_TOKEN", TOKEN);
        if (safeMode) env.put("ZJ_MP_AES_KEY", AES_KEY);
        env.put("ZJ_MP_API_BASE", api.base());
        env.put("ZJ_WECOM_MAX_SKEW_S", "300");
        return env;
    }

    private void restartInSafeMode(String name) throws Exception {
        gw.close();
        gw = GatewayHarness.start(name, env(true));
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        if (api != null) api.close();
    }

    /** The Official Account's signature: SHA1 of token, timestamp and nonce, sorted and joined. */
    static String signature(String token, String timestamp, String nonce) throws Exception {
        String[] parts = {token, timestamp, nonce};
        Arrays.sort(parts);
        byte[] d = MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d);
    }

    static String signedQuery(long ts, String nonce) throws Exception {
        return "signature=" + signature(TOKEN, String.valueOf(ts), nonce) + "&timestamp=" + ts + "&nonce=" + nonce
                + "&openid=oOPENID1";
    }

    static String textXml(String openId, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + NOW + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content
                + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    @Test
    void urlCheck_echoes_andAFollowersTextIsAnsweredAsACustomerServiceMessage() throws Exception {
        GatewayHarness.Response echo = gw.get("/mp/callback?signature=" + signature(TOKEN, String.valueOf(NOW), "93571")
                + "&timestamp=" + NOW + "&nonce=93571&echostr=5210987654321");
        assertEquals(200, echo.status(), echo.raw());
        assertEquals("5210987654321", echo.raw());

        long before = gw.inboundLength();
        GatewayHarness.Response r = gw.post("/mp/callback?" + signedQuery(NOW, "1001"), "text/xml",
                "<xml><ToUserName>gh_x</ToUserName><FromUserName>oOPENID1</FromUserName><CreateTime>" + NOW
                        + "</CreateTime><MsgType>text</MsgType><Content>办身份证要带什么</Content><MsgId>123</MsgId></xml>");
        assertEquals(200, r.status(), r.raw());
        assertEquals(before + 1, gw.inboundLength());

        List<FakeWecom.Call> sent = eventually(() -> api.calls(SEND), l -> !l.isEmpty(), "a customer-service message");
        FakeWecom.Call c = sent.get(0);
        assertEquals("oOPENID1", c.body().path("touser").asText(), c.body().toString());
        assertEquals("text", c.body().path("msgtype").asText(), c.body().toString());
        assertTrue(c.text().contains("户口簿"), c.text());
        assertTrue(c.query().get("access_token") != null && c.query().get("access_token").startsWith("TOKEN-"), "with an access token: " + c.query());
        Map<String, String> ledger = gw.awaitLedger("dm:mp:oOPENID1", l -> "SENT".equals(l.get("status")));
        assertEquals("mp", ledger.get("channel"), ledger.toString());
    }

    @Test
    void safeMode_isDecrypted_andAnswered_andPlaintextIsRefused() throws Exception {
        restartInSafeMode("mp-safe");
        long before = gw.inboundLength();
        GatewayHarness.Response plain = gw.post("/mp/callback?" + signedQuery(NOW, "2001"), "text/xml", textXml("oOPENID9", "你好", 455));
        assertEquals(403, plain.status(), "with a key set, a plaintext body is not trusted: " + plain.raw());
        assertEquals(before, gw.inboundLength());

        CallbackCrypto crypto = new CallbackCrypto(TOKEN, AES_KEY, APP_ID);
        String enc = crypto.seal(textXml("oOPENID2", "身份证到期了怎么换", 456));
        String nonce = "2002";
        String query = "signature=" + signature(TOKEN, String.valueOf(NOW), nonce) + "&timestamp=" + NOW + "&nonce=" + nonce
                + "&openid=oOPENID2&encrypt_type=aes&msg_signature=" + crypto.sign(String.valueOf(NOW), nonce, enc);
        GatewayHarness.Response r = gw.post("/mp/callback?" + query, "text/xml",
                "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>");
        assertEquals(200, r.status(), r.raw());
        List<FakeWecom.Call> sent = eventually(() -> api.calls(SEND), l -> !l.isEmpty(), "a customer-service message");
        assertEquals("oOPENID2", sent.get(0).body().path("touser").asText());
        assertTrue(sent.get(0).text().contains("户口簿"), sent.get(0).text());
    }

    @Test
    void aPlaintextCallbackReplayed_withTheSameTimestampAndNonce_isTakenOnce() throws Exception {
        String query = signedQuery(NOW, "3003");
        assertEquals(200, gw.post("/mp/callback?" + query, "text/xml", textXml("oOPENID1", "办身份证要带什么", 901)).status());
        long after = gw.inboundLength();
        // someone who saw the URL posts another body under the same signature
        GatewayHarness.Response forged = gw.post("/mp/callback?" + query, "text/xml", textXml("oOPENID7", "我要举报", 902));
        assertEquals(200, forged.status(), "answered like WeChat expects");
        assertEquals(after, gw.inboundLength(), "but not queued");
    }

    @Test
    void wrongSignatures_areRefused_andNothingIsQueued() throws Exception {
        long before = gw.inboundLength();
        String bad = "signature=" + signature("notTheToken", String.valueOf(NOW), "3003") + "&timestamp=" + NOW + "&nonce=3003";
        GatewayHarness.Response r = gw.post("/mp/callback?" + bad, "text/xml", textXml("oOPENID1", "办身份证要带什么", 789));
        assertEquals(403, r.status(), r.raw());
        assertTrue(r.raw().contains("bad_signature"), r.raw());

        GatewayHarness.Response echo = gw.get("/mp/callback?" + bad + "&echostr=12345");
        assertEquals(403, echo.status(), echo.raw());

        // a good signature, for the wrong time
        long stale = NOW - 3600;
        GatewayHarness.Response old = gw.post("/mp/callback?" + signedQuery(stale, "3004"), "text/xml", textXml("oOPENID1", "办身份证要带什么", 790));
        assertEquals(403, old.status(), old.raw());

        assertEquals(before, gw.inboundLength(), "nothing queued");
        assertTrue(api.calls(SEND).isEmpty());
    }

    @Test
    void doctypesAndEntities_areRefused_andNothingIsQueued() throws Exception {
        long before = gw.inboundLength();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>gh_x</ToUserName><FromUserName>oOPENID1</FromUserName><CreateTime>" + NOW
                + "</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>124</MsgId></xml>";
        GatewayHarness.Response r = gw.post("/mp/callback?" + signedQuery(NOW, "4001"), "text/xml", xxe);
        assertEquals(400, r.status(), r.raw());
        assertTrue(r.raw().contains("malformed_xml"), r.raw());
        assertTrue(!r.raw().contains("root:"), "nothing of the file comes back");

        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
                + "<xml><FromUserName>oOPENID1</FromUserName><MsgType>text</MsgType><Content>&lol2;</Content></xml>";
        assertEquals(400, gw.post("/mp/callback?" + signedQuery(NOW, "4002"), "text/xml", laughs).status());
        assertEquals(400, gw.post("/mp/callback?" + signedQuery(NOW, "4003"), "text/xml", "<xml><FromUserName>").status());

        assertEquals(before, gw.inboundLength(), "nothing queued");
        assertTrue(api.calls(SEND).isEmpty());
    }

    @Test
    void aClosed48HourWindow_isDeadLetteredWithAReason_notRetried() throws Exception {
        api.failNext(SEND, 45015, 1);
        assertEquals(200, gw.post("/mp/callback?" + signedQuery(NOW, "5001"), "text/xml", textXml("oOPENID3", "办身份证要带什么", 125)).status());

        List<StreamEntry> dead = eventually(gw::deadLetters, l -> !l.isEmpty(), "a dead letter");
        Map<String, String> d = dead.get(0).getFields();
        assertEquals("dm:mp:oOPENID3", d.get("chat"), d.toString());
        assertTrue(d.get("reason").contains("48小时"), "the reason says why: " + d);
        Map<String, String> ledger = gw.awaitLedger("dm:mp:oOPENID3", l -> "DEAD".equals(l.get("status")));
        assertEquals("1", ledger.get("attempts"), ledger.toString());
        gw.awaitBot("dm:" + gw.dutyOfficer(), "【发送失败】");

        // later, nothing tries again
        gw.clock.advance(Duration.ofMinutes(30));
        gw.gateway.fireDueTimers();
        gw.awaitDrained();
        assertEquals(1, api.calls(SEND).size(), "tried once: " + FakeWecom.texts(api.calls(SEND)));
        assertEquals(0L, gw.gateway.redis().zcard(gw.gateway.keys().outboundDelayed()), "nothing waiting for a retry");
    }

    // ------------------------------------------------------------------ helpers





}
