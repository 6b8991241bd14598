package zhijian.bot.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zhijian.bot.Json;
import zhijian.bot.testing.FakeBridge;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.WecomCallbacks;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.security.AllChannels.NOW;

/**
 * What an attacker can send to WeChat's doors: signatures forged or borrowed from another body, callbacks replayed
 * (again at once, or from outside the time window), bridge tokens wrong or missing, and XML with DOCTYPEs, external
 * entities (XXE) and entity bombs (billion laughs) — in the envelope and inside the encrypted message. Each is
 * refused (or, for a replay, answered but taken once), and nothing is queued.
 */
class CallbackAttackTest {
    private static AllChannels all;
    private static GatewayHarness gw;
    private static final WecomCallbacks WECOM = new WecomCallbacks(AllChannels.WECOM_TOKEN, AllChannels.WECOM_KEY, AllChannels.CORP);
    private static final WecomCallbacks AIBOT = new WecomCallbacks(AllChannels.AIBOT_TOKEN, AllChannels.AIBOT_KEY, "");
    private static final WecomCallbacks MP = new WecomCallbacks(AllChannels.MP_TOKEN, AllChannels.MP_KEY, AllChannels.MP_APP);

    static final String PASSWD = "file:///etc/passwd";
    /** The external entity, a parameter entity fetching a URL, an entity bomb, and a DOCTYPE with nothing in it. */
    static final List<String> DOCTYPES = List.of(
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + PASSWD + "\">]>",
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\">%remote;]>",
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\">" + bomb() + "]>",
            "<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"" + PASSWD + "\">",
            "<!DOCTYPE xml>");

    /** Nine levels of ten: a billion copies of the first entity if anything expanded it. */
    private static String bomb() {
        StringBuilder b = new StringBuilder();
        String prev = "a";
        for (int i = 1; i <= 9; i++) {
            String name = "a" + i;
            b.append("<!ENTITY ").append(name).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">");
            prev = name;
        }
        return b.toString();
    }

    /** The entity the body refers to, for each DOCTYPE above. */
    private static String ref(String doctype) {
        if (doctype.contains("xxe")) return "&xxe;";
        if (doctype.contains("a9")) return "&a9;";
        return "x";
    }

    @BeforeAll
    static void start() throws Exception {
        all = new AllChannels("callback-attacks");
        gw = all.gw;
    }

    @AfterAll
    static void stop() {
        List<String> lines = all.logLines();
        all.close();
        for (String l : lines) assertFalse(l.contains("root:x:0:0"), "nothing of /etc/passwd in the log: " + l);
    }

    private static String wecomText(String from, String text, long msgId) {
        return WecomCallbacks.textXml(AllChannels.CORP, from, text, msgId, NOW);
    }

    private static GatewayHarness.Response post(String path, String query, String type, String body) {
        return gw.post(path + "?" + query, type, body);
    }

    private static void refused(GatewayHarness.Response r, int status, String code) {
        assertEquals(status, r.status(), code + ": " + r.raw());
        assertTrue(r.raw().contains(code), "says " + code + ": " + r.raw());
        assertFalse(r.raw().contains("root:"), "nothing of the file comes back");
    }

    // ------------------------------------------------------------------ signatures and replays

    @Test
    void wecomApp_aBorrowedSignature_andAFutureTimestamp_areRefused_aRepeatIsTakenOnce() {
        long before = gw.inboundLength();
        WecomCallbacks.Signed a = WECOM.xml(wecomText("zhangsan", "你好", 9001), NOW);
        WecomCallbacks.Signed b = WECOM.xml(wecomText("zhangsan", "我要举报", 9002), NOW);
        // a's signature on b's body: the signature covers the encrypted message, so it does not fit
        refused(post("/wecom/callback", a.query(), "text/xml", b.body()), 403, "bad_signature");
        refused(post("/wecom/callback", a.query().replaceFirst("msg_signature=[^&]*", "msg_signature="), "text/xml", a.body()),
                403, "bad_signature");
        WecomCallbacks.Signed future = WECOM.xml(wecomText("zhangsan", "你好", 9003), NOW + 3600);
        refused(post("/wecom/callback", future.query(), "text/xml", future.body()), 403, "stale_timestamp");
        assertEquals(before, gw.inboundLength(), "nothing queued");

        // the very same callback twice (a retry, or someone replaying it within the window): answered, taken once
        assertEquals(200, post("/wecom/callback", a.query(), "text/xml", a.body()).status());
        assertEquals(200, post("/wecom/callback", a.query(), "text/xml", a.body()).status());
        assertEquals(before + 1, gw.inboundLength(), "one message");
    }

    @Test
    void aibot_aBorrowedSignature_andAStaleOne_areRefused_aRepeatIsTakenOnce() {
        long before = gw.inboundLength();
        WecomCallbacks.Signed a = AIBOT.json(aibotJson("aib-1", "办身份证要带什么"), NOW);
        WecomCallbacks.Signed b = AIBOT.json(aibotJson("aib-2", "我要举报"), NOW);
        refused(post("/wecom/aibot/callback", a.query(), "application/json", b.body()), 403, "bad_signature");
        WecomCallbacks.Signed stale = AIBOT.json(aibotJson("aib-3", "你好"), NOW - 600);
        refused(post("/wecom/aibot/callback", stale.query(), "application/json", stale.body()), 403, "stale_timestamp");
        // the app's key is not the 智能机器人's
        WecomCallbacks.Signed otherKey = WECOM.json(aibotJson("aib-4", "你好"), NOW);
        refused(post("/wecom/aibot/callback", otherKey.query(), "application/json", otherKey.body()), 403, "bad_signature");
        assertEquals(before, gw.inboundLength(), "nothing queued");

        assertEquals(200, post("/wecom/aibot/callback", a.query(), "application/json", a.body()).status());
        assertEquals(200, post("/wecom/aibot/callback", a.query(), "application/json", a.body()).status());
        assertEquals(before + 1, gw.inboundLength(), "one message");
    }

    private static String aibotJson(String msgId, String text) {
        return Json.write(Map.of("msgid", msgId, "chattype", "single", "from", Map.of("userid", "lisi"), "msgtype", "text",
                "text", Map.of("content", text)));
    }

    @Test
    void officialAccount_aBorrowedSignature_andAStaleOne_areRefused_aReplayIsTakenOnce() throws Exception {
        long before = gw.inboundLength();
        String a = mpSafeQuery(MP.xml(mpText("oFOLLOWER1", "办身份证要带什么", 7001), NOW));
        WecomCallbacks.Signed b = MP.xml(mpText("oFOLLOWER1", "我要举报", 7002), NOW);
        refused(post("/mp/callback", a.split("\n")[0], "text/xml", b.body()), 403, "bad_signature");
        WecomCallbacks.Signed stale = MP.xml(mpText("oFOLLOWER1", "你好", 7003), NOW - 3600);
        refused(post("/mp/callback", mpSafeQuery(stale).split("\n")[0], "text/xml", stale.body()), 403, "stale_timestamp");
        assertEquals(before, gw.inboundLength(), "nothing queued");

        String[] good = a.split("\n");
        assertEquals(200, post("/mp/callback", good[0], "text/xml", good[1]).status());
        GatewayHarness.Response again = post("/mp/callback", good[0], "text/xml", good[1]);
        assertEquals(200, again.status(), "answered as WeChat expects");
        assertEquals(before + 1, gw.inboundLength(), "but taken once");
    }

    /** A safe-mode callback's query (the plaintext signature and the message signature) and body, one per line. */
    private static String mpSafeQuery(WecomCallbacks.Signed s) throws Exception {
        String ts = param(s.query(), "timestamp"), nonce = param(s.query(), "nonce");
        String[] parts = {AllChannels.MP_TOKEN, ts, nonce};
        Arrays.sort(parts);
        String sig = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
        return s.query() + "&signature=" + sig + "&encrypt_type=aes&openid=oFOLLOWER1\n" + s.body();
    }

    private static String param(String query, String name) {
        for (String p : query.split("&")) if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
        throw new AssertionError("no " + name + " in " + query);
    }

    private static String mpText(String openId, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + NOW + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content
                + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    @Test
    void bridge_aWrongMissingOrPartialToken_isRefused() throws Exception {
        long before = gw.inboundLength();
        String t = AllChannels.BRIDGE_TOKEN;
        for (String token : List.of("", "x", t.substring(0, t.length() - 1), t + "x", t.toUpperCase(), t.substring(1))) {
            HttpResponse<String> r = FakeBridge.post(gw.base(), token, "章达村村民群", "次仁（货车）", "@指尖服务 户口迁移怎么办", true, false);
            assertEquals(401, r.statusCode(), "token '" + token + "': " + r.body());
        }
        HttpResponse<String> none = FakeBridge.postForm(gw.base() + "/bridge/wechatbot", Map.of("type", "text", "content", "你好"));
        assertEquals(401, none.statusCode());
        assertEquals(before, gw.inboundLength(), "nothing queued");
    }

    // ------------------------------------------------------------------ XML

    @Test
    void doctypesEntitiesAndBombs_areRefused_inTheEnvelopeAndInsideTheEncryptedMessage_onEveryXmlDoor() throws Exception {
        long before = gw.inboundLength();
        int n = 0;
        for (String doctype : DOCTYPES) {
            String r = ref(doctype);
            // the WeCom app's envelope, and the message inside it (decrypted: only someone with the key could send it,
            // but a key can leak and the parser must not trust it)
            WecomCallbacks.Signed good = WECOM.xml(wecomText("zhangsan", "你好", 9100 + n), NOW);
            refused(post("/wecom/callback", good.query(), "text/xml", doctype + "<xml><Encrypt>" + r + "</Encrypt></xml>"), 400, "malformed_xml");
            WecomCallbacks.Signed inner = WECOM.xml(doctype + "<xml><ToUserName>" + AllChannels.CORP + "</ToUserName><FromUserName>zhangsan"
                    + "</FromUserName><CreateTime>" + NOW + "</CreateTime><MsgType>text</MsgType><Content>" + r + "</Content><MsgId>"
                    + (9200 + n) + "</MsgId></xml>", NOW);
            refused(post("/wecom/callback", inner.query(), "text/xml", inner.body()), 400, "malformed_xml");

            // the Official Account's envelope, and the message inside it
            String[] mp = mpSafeQuery(MP.xml(mpText("oFOLLOWER2", "你好", 7100 + n), NOW)).split("\n");
            refused(post("/mp/callback", mp[0], "text/xml", doctype + "<xml><Encrypt>" + r + "</Encrypt></xml>"), 400, "malformed_xml");
            String[] mpInner = mpSafeQuery(MP.xml(doctype + "<xml><FromUserName>oFOLLOWER2</FromUserName><CreateTime>" + NOW
                    + "</CreateTime><MsgType>text</MsgType><Content>" + r + "</Content><MsgId>" + (7200 + n) + "</MsgId></xml>", NOW)).split("\n");
            refused(post("/mp/callback", mpInner[0], "text/xml", mpInner[1]), 400, "malformed_xml");
            n++;
        }
        assertEquals(before, gw.inboundLength(), "nothing queued");
        gw.awaitDrained();
        for (String chat : List.of("dm:wecom:zhangsan", "dm:mp:oFOLLOWER2")) {
            for (String said : gw.botSaid(chat)) assertFalse(said.contains("root:"), said);
        }
        assertEquals(0, gw.get("/api/tickets").body().get("tickets").size(), "no ticket from any of it");
    }
}
