package zhijian.bot.channel;

import org.junit.jupiter.api.Test;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.WecomCallbacks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * {@code /wecom/callback}: Tencent's official WXBizMsgCrypt vectors verify and decrypt through the endpoint, and
 * every bad callback is refused with the right status and nothing queued.
 */
class WecomCallbackTest {
    // Vector A (weworkapi_php callback/Sample.php), see ../shared/docs/WECHAT.md
    static final String A_TOKEN = "QDG6eK", A_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", A_CORP = "wx5823bf96d3bd56c7";
    // Vector B (weworkapi_python callback/Sample.py)
    static final String B_TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", B_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
            B_CORP = "ww1436e0e65a779aee";

    private static Map<String, String> env(String token, String key, String corp, String skew) {
        return Map.of("ZJ_WECOM_CORP_ID", corp, "ZJ_WECOM_TOKEN", token, "ZJ_WECOM_AES_KEY", key, "ZJ_WECOM_MAX_SKEW_S", skew);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void officialVectorA_urlCheck_andMessage() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("vector-a", env(A_TOKEN, A_KEY, A_CORP, "0"))) {
            GatewayHarness.Response echo = gw.get("/wecom/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
                    + "&timestamp=1409659589&nonce=263014780&echostr="
                    + enc("P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="));
            assertEquals(200, echo.status());
            assertEquals("1616140317555161061", echo.raw(), "the plaintext alone: no quotes, no newline");

            String body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
            GatewayHarness.Response r = gw.post("/wecom/callback?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6"
                    + "&timestamp=1409659813&nonce=1372623149", "text/xml", body);
            assertEquals(200, r.status(), r.raw());
            assertEquals("", r.raw(), "an empty 200: received, no passive reply");
            assertEquals(1, gw.inboundLength(), "the message is on the inbound stream");
            // "hello" from mycreate: a person the matrix does not know, so a resident in a private chat
            gw.awaitBot("dm:wecom:mycreate", "没太明白");
            assertEquals(1, gw.gateway.counters().get("wecom.accepted"));
        }
    }

    @Test
    void officialVectorB_urlCheck() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("vector-b", env(B_TOKEN, B_KEY, B_CORP, "0"))) {
            GatewayHarness.Response echo = gw.get("/wecom/callback?msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb"
                    + "&timestamp=1476416373&nonce=47744683&echostr="
                    + enc("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="));
            assertEquals(200, echo.status());
            assertEquals("1288432023552776189", echo.raw());
            GatewayHarness.Response forged = gw.get("/wecom/callback?msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebec"
                    + "&timestamp=1476416373&nonce=47744683&echostr="
                    + enc("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="));
            assertEquals(403, forged.status());
        }
    }

    @Test
    void badCallbacks_areRefused_andNothingIsQueued() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("wecom-bad", env(A_TOKEN, A_KEY, A_CORP, "300"))) {
            long now = GatewayHarness.T0.getEpochSecond();
            WecomCallbacks wecom = new WecomCallbacks(A_TOKEN, A_KEY, A_CORP);
            String xml = WecomCallbacks.textXml(A_CORP, "zhangsan", "你好", 7001, now);

            WecomCallbacks.Signed good = wecom.xml(xml, now);
            String forgedQuery = good.query().replaceFirst("msg_signature=[0-9a-f]{4}", "msg_signature=0000");
            assertRefused(gw, forgedQuery, good.body(), 403, "bad_signature");

            WecomCallbacks.Signed otherCorp = new WecomCallbacks(A_TOKEN, A_KEY, "wwSOMEOTHERCORP0").xml(xml, now);
            assertRefused(gw, otherCorp.query(), otherCorp.body(), 403, "wrong_receiver");

            WecomCallbacks.Signed stale = wecom.xml(xml, now - 3600);
            assertRefused(gw, stale.query(), stale.body(), 403, "stale_timestamp");

            assertRefused(gw, good.query(), "<xml><Encrypt>", 400, "malformed_xml");
            assertRefused(gw, good.query(), "not xml at all", 400, "malformed_xml");
            String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + "<xml><Encrypt>&xxe;</Encrypt></xml>";
            assertRefused(gw, good.query(), xxe, 400, "malformed_xml");
            String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                    + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><xml><Encrypt>&lol3;</Encrypt></xml>";
            assertRefused(gw, good.query(), laughs, 400, "malformed_xml");
            assertRefused(gw, "timestamp=" + now + "&nonce=1", good.body(), 400, "missing_param");

            long before = gw.inboundLength();
            GatewayHarness.Response big = gw.post("/wecom/callback?" + good.query(), "text/xml", "<xml>" + "x".repeat(2 * 1024 * 1024) + "</xml>");
            assertEquals(413, big.status());
            assertEquals(before, gw.inboundLength());

            // and the good one is accepted
            GatewayHarness.Response ok = gw.post("/wecom/callback?" + good.query(), "text/xml", good.body());
            assertEquals(200, ok.status(), ok.raw());
            assertEquals(before + 1, gw.inboundLength());
        }
    }

    @Test
    void theSameMessageThreeTimes_makesOneTicket() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("wecom-retries", env(A_TOKEN, A_KEY, A_CORP, "300"))) {
            long now = GatewayHarness.T0.getEpochSecond();
            WecomCallbacks wecom = new WecomCallbacks(A_TOKEN, A_KEY, A_CORP);
            String xml = WecomCallbacks.textXml(A_CORP, "wangwu", "邻居家的牦牛把我家青稞吃了一大片，他还不认账，请帮忙调解", 8801, now);
            for (int i = 0; i < 3; i++) {
                // WeCom retries after 5 s with a new nonce and signature, the same MsgId
                WecomCallbacks.Signed s = wecom.xml(xml, now + 5L * i);
                assertEquals(200, gw.post("/wecom/callback?" + s.query(), "text/xml", s.body()).status());
            }
            gw.awaitBot("dm:wecom:wangwu", "工单号");
            eventually(() -> gw.get("/healthz").body().get("streams").get("inbound").get("pending").asLong(), p -> p == 0, "drained");
            assertEquals(1, gw.get("/api/tickets").body().get("tickets").size());
            assertEquals(2, gw.gateway.counters().get("wecom.duplicates"));
        }
    }

    private static void assertRefused(GatewayHarness gw, String query, String body, int status, String code) {
        long before = gw.inboundLength();
        GatewayHarness.Response r = gw.post("/wecom/callback?" + query, "text/xml", body);
        assertEquals(status, r.status(), code + ": " + r.raw());
        assertTrue(r.raw().contains(code), r.raw());
        assertEquals(before, gw.inboundLength(), code + ": nothing queued");
    }
}
