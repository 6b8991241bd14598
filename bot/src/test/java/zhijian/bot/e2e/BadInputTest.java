package zhijian.bot.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zhijian.bot.testing.GatewayHarness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a 4xx with a JSON error saying what was wrong, and nothing is stored half-way. */
class BadInputTest {
    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start("bad-input");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private long inboundLength() {
        return gw.get("/healthz").body().get("streams").get("inbound").get("length").asLong();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                       | 400 | malformed_json",
            "[1,2,3]                                                         | 400 | malformed_json",
            "{\"from\":\"r-ciren\",\"text\":\"你好\"}                         | 400 | missing_field",
            "{\"chat\":\"g-nowhere\",\"from\":\"r-ciren\",\"text\":\"你好\"}  | 404 | unknown_chat",
            "{\"chat\":\"dm:p-tashi\",\"from\":\"r-ciren\",\"text\":\"你好\"} | 403 | sender_not_in_chat",
            "{\"chat\":\"dm:nobody\",\"from\":\"nobody\",\"text\":\"你好\"}   | 404 | unknown_chat",
            "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\",\"text\":\"   \"}   | 400 | empty_text",
            "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\"}                    | 400 | empty_text",
            "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\",\"text\":42}        | 400 | bad_field",
            "{\"chat\":\"g-zhangda\",\"from\":\"bot\",\"text\":\"我是机器人\"} | 403 | not_allowed",
            "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\",\"text\":\"hi\",\"id\":\"../../etc\"} | 400 | bad_field",
    })
    void isRefused_withAJsonError_andNothingStored(String body, int status, String code) {
        long before = inboundLength();
        int linesBefore = gw.transcript("g-zhangda").size();
        GatewayHarness.Response r = gw.postJson("/api/sim/messages", body);
        assertEquals(status, r.status(), r.raw());
        assertEquals(code, r.body().get("error").asText());
        assertTrue(r.body().get("message").asText().length() > 5, "says what was wrong: " + r.raw());
        assertEquals(before, inboundLength(), "nothing queued");
        assertEquals(linesBefore, gw.transcript("g-zhangda").size(), "nothing shown in the chat");
    }

    @Test
    void aHundredKilobyteText_isRefusedWith413() {
        long before = inboundLength();
        String text = "救".repeat(100 * 1024 / 3);
        GatewayHarness.Response r = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\",\"text\":\"" + text + "\"}");
        assertEquals(413, r.status());
        assertEquals("text_too_long", r.body().get("error").asText());
        assertEquals(before, inboundLength());
    }

    @Test
    void aBodyOverTheHttpLimit_isRefusedBeforeItIsRead() {
        long before = inboundLength();
        GatewayHarness.Response r = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\",\"text\":\"" + "x".repeat(300 * 1024) + "\"}");
        assertEquals(413, r.status());
        assertEquals("body_too_large", r.body().get("error").asText());
        assertEquals(before, inboundLength());
    }

    @Test
    void aTextOverTheChatLimit_isRefusedWith413() {
        GatewayHarness.Response r = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-zhangda\",\"from\":\"r-ciren\",\"text\":\"" + "好".repeat(2001) + "\"}");
        assertEquals(413, r.status());
        assertEquals("text_too_long", r.body().get("error").asText());
    }

    @Test
    void aClientsIdIsItsOwn_theSameIdInAnotherChatIsAnotherMessage() {
        GatewayHarness.Response a = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-deji\",\"from\":\"r-yangjin\",\"text\":\"你好\",\"id\":\"same-1\"}");
        GatewayHarness.Response b = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-pare\",\"from\":\"r-dawa\",\"text\":\"路塌了\",\"id\":\"same-1\"}");
        GatewayHarness.Response c = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-pare\",\"from\":\"r-dawa\",\"text\":\"路塌了\",\"id\":\"same-1\"}");
        assertEquals(202, a.status());
        assertEquals(202, b.status(), "another chat, another person: another message");
        assertEquals(200, c.status(), "the same person repeating it: a retry");
        assertTrue(c.body().get("duplicate").asBoolean());
        assertEquals(b.body().get("id").asText(), c.body().get("id").asText());
    }

    @Test
    void badPercentEncoding_getsAJson400() {
        GatewayHarness.Response r = gw.raw("GET /api/sim/messages?chat=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(400, r.status(), r.raw());
        assertEquals("malformed_url", r.body().get("error").asText());
    }

    @Test
    void anUnknownSenderInAGroup_isTakenAsAResident() {
        GatewayHarness.Response r = gw.postJson("/api/sim/messages",
                "{\"chat\":\"g-deji\",\"from\":\"r-visitor-9\",\"name\":\"游客小王\",\"text\":\"@指尖服务 办身份证要带什么\"}");
        assertEquals(202, r.status(), r.raw());
        assertTrue(gw.awaitBot("g-deji", "户口簿").startsWith("@游客小王"));
        // and now has a private chat with the bot
        assertEquals(200, gw.get("/api/sim/messages?chat=dm:r-visitor-9").status());
    }

    @Test
    void unknownPaths_andMethods_getJsonErrors() {
        GatewayHarness.Response missing = gw.get("/api/nothing-here");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.body().get("error").asText());
        GatewayHarness.Response method = gw.postJson("/api/sim/chats", "{}");
        assertEquals(405, method.status());
        assertEquals(404, gw.get("/api/tickets/AZ-20991231-9999").status());
        assertEquals(400, gw.get("/api/sim/messages").status());
        assertEquals(404, gw.get("/sim/../../etc/passwd").status());
    }

    @Test
    void healthz_reportsGatewayAndRedis() {
        GatewayHarness.Response r = gw.get("/healthz");
        assertEquals(200, r.status());
        assertEquals("ok", r.body().get("status").asText());
        assertEquals("ok", r.body().get("redis").get("status").asText());
    }
}
