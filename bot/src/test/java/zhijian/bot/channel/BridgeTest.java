package zhijian.bot.channel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.Json;
import zhijian.bot.testing.FakeBridge;
import zhijian.bot.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * The personal-WeChat bridge: residents' WeChat groups reach the matrix through {@code /bridge/wechatbot?token=},
 * answers go out through the bridge's {@code /webhook/msg/v2}, and its health decides whether the groups behind it
 * are reachable.
 */
class BridgeTest {
    static final String TOKEN = "bridge-secret-token-1";
    static final String ROOM = "章达村村民群";

    private FakeBridge fake;
    private GatewayHarness gw;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        fake = new FakeBridge(TOKEN);
        gw = GatewayHarness.start("bridge-" + info.getTestMethod().orElseThrow().getName(),
                Map.of("ZJ_BRIDGE_TOKEN", TOKEN, "ZJ_BRIDGE_URL", fake.base()));
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        if (fake != null) fake.close();
    }

    @Test
    void roomMention_isAnsweredThroughTheBridge_andOwnEchoIsIgnored() throws Exception {
        HttpResponse<String> r = FakeBridge.post(gw.base(), TOKEN, ROOM, "次仁（货车）", "@指尖服务 办身份证要带什么", true, false);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(json(r).path("success").asBoolean(), r.body());

        FakeBridge.Sent answer = awaitSent(s -> s.content().contains("户口簿"), "the ID-card answer");
        assertEquals(ROOM, answer.to(), "sent to the WeChat group by its name");
        assertTrue(answer.isRoom(), "as a room message");
        assertTrue(answer.content().contains("办身份证要带什么"), "quotes the question: " + answer.content());

        // the bridge echoes the bot's own message back: it is not a resident's message
        long before = gw.inboundLength();
        HttpResponse<String> echo = FakeBridge.post(gw.base(), TOKEN, ROOM, "指尖服务", answer.content(), false, true);
        assertEquals(200, echo.statusCode(), echo.body());
        assertEquals(before, gw.inboundLength(), "the echo is not queued");
        gw.awaitDrained();
        assertEquals(1, fake.sent().size(), "nothing answers the echo: " + fake.sent());
    }

    @Test
    void badRequests_areRefused_andNothingIsQueued() throws Exception {
        long before = gw.inboundLength();

        HttpResponse<String> wrongToken = FakeBridge.post(gw.base(), "not-the-token", ROOM, "次仁（货车）", "@指尖服务 户口迁移怎么办", true, false);
        assertEquals(401, wrongToken.statusCode(), wrongToken.body());
        HttpResponse<String> noToken = FakeBridge.postForm(gw.base() + "/bridge/wechatbot", Map.of("type", "text", "content", "你好",
                "source", source("某某", ROOM), "isMentioned", "1", "isMsgFromSelf", "0"));
        assertEquals(401, noToken.statusCode(), noToken.body());

        HttpResponse<String> unknownRoom = FakeBridge.post(gw.base(), TOKEN, "隔壁乡广场舞群", "次仁（货车）", "@指尖服务 办身份证要带什么", true, false);
        assertEquals(404, unknownRoom.statusCode(), unknownRoom.body());
        JsonNode err = json(unknownRoom);
        assertFalse(err.path("success").asBoolean(true), unknownRoom.body());
        assertEquals("unknown_room", err.path("error").asText(), unknownRoom.body());

        HttpResponse<String> badSource = FakeBridge.postForm(url(), Map.of("type", "text", "content", "@指尖服务 护照怎么办",
                "source", "{\"room\": {\"payload\": ", "isMentioned", "1", "isMsgFromSelf", "0"));
        assertEquals(400, badSource.statusCode(), badSource.body());
        assertEquals("malformed_source", json(badSource).path("error").asText(), badSource.body());

        HttpResponse<String> sourceNotObject = FakeBridge.postForm(url(), Map.of("type", "text", "content", "@指尖服务 驾照怎么办",
                "source", "[1,2,3]", "isMentioned", "1", "isMsgFromSelf", "0"));
        assertEquals(400, sourceNotObject.statusCode(), sourceNotObject.body());

        assertEquals(before, gw.inboundLength(), "nothing refused was queued");
        assertTrue(fake.sent().isEmpty(), "nothing was sent: " + fake.sent());
    }

    @Test
    void aBodyThatIsNotTheBridgesMultipartForm_isRefused_andNothingIsQueued() {
        long before = gw.inboundLength();
        String type = "multipart/form-data; boundary=----zjBOUNDARY";

        // cut off before the source: refused for want of the sender
        String truncated = "------zjBOUNDARY\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ntext\r\n"
                + "------zjBOUNDARY\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n@指尖服务 办户口";
        GatewayHarness.Response cut = gw.post("/bridge/wechatbot?token=" + TOKEN, type, truncated);
        assertEquals(400, cut.status(), "a multipart body cut off before the source: " + cut.raw());

        // no multipart delimiter anywhere: not a form at all
        GatewayHarness.Response garbage = gw.post("/bridge/wechatbot?token=" + TOKEN, type, "this is not a multipart body at all");
        assertEquals(400, garbage.status(), "a body that is not a multipart form must not be answered success: " + garbage.raw());
        assertEquals("malformed_form", garbage.body().path("error").asText(), garbage.raw());

        assertEquals(before, gw.inboundLength(), "nothing was queued");
        assertTrue(fake.sent().isEmpty(), "nothing was sent: " + fake.sent());
    }

    @Test
    void privateMessages_areAnsweredToTheWeChatName() throws Exception {
        HttpResponse<String> r = FakeBridge.post(gw.base(), TOKEN, null, "旺姆的微信", "办身份证要带什么", false, false);
        assertEquals(200, r.statusCode(), r.body());
        FakeBridge.Sent answer = awaitSent(s -> s.to().equals("旺姆的微信"), "the answer to 旺姆的微信");
        assertFalse(answer.isRoom(), "a private message, not a room");
        assertTrue(answer.content().contains("户口簿"), answer.content());

        // a roster resident writing privately is answered at the WeChat name in the roster
        FakeBridge.post(gw.base(), TOKEN, null, "次仁（货车）", "身份证到期了怎么换", false, false);
        FakeBridge.Sent toCiren = awaitSent(s -> s.to().equals("次仁（货车）"), "the answer to 次仁（货车）");
        assertFalse(toCiren.isRoom());
        assertTrue(toCiren.content().contains("户口簿"), toCiren.content());
    }

    @Test
    void aFailingBridge_isRetried_andTheAnswerDeliveredLater() throws Exception {
        fake.failNext(2);
        FakeBridge.post(gw.base(), TOKEN, ROOM, "次仁（货车）", "@指尖服务 办身份证需要带什么材料", true, false);

        Map<String, String> first = gw.awaitLedger("g-zhangda", l -> "RETRYING".equals(l.get("status")) && "1".equals(l.get("attempts")));
        assertTrue(first.get("error").contains("500"), "the ledger says why: " + first);
        assertTrue(fake.sent().isEmpty());

        gw.clock.advance(Duration.ofSeconds(2));   // the first retry waits 2 s
        gw.gateway.fireDueTimers();
        gw.awaitLedger("g-zhangda", l -> "RETRYING".equals(l.get("status")) && "2".equals(l.get("attempts")));

        gw.clock.advance(Duration.ofSeconds(4));   // then 4 s
        gw.gateway.fireDueTimers();
        FakeBridge.Sent answer = awaitSent(s -> s.content().contains("户口簿"), "the answer after two failures");
        assertEquals(ROOM, answer.to());
        Map<String, String> done = gw.awaitLedger("g-zhangda", l -> "SENT".equals(l.get("status")));
        assertEquals("3", done.get("attempts"), done.toString());
        assertEquals(1, fake.sent().size(), "delivered once: " + fake.sent());
        assertEquals(0L, gw.deadLetters().size());
    }

    @Test
    void aGroupTheBridgeCannotFind_isDeadLettered_andTheDutyOfficerTold() throws Exception {
        fake.missing(ROOM);
        FakeBridge.post(gw.base(), TOKEN, ROOM, "次仁（货车）", "@指尖服务 办身份证要带啥", true, false);

        List<StreamEntry> dead = eventually(gw::deadLetters, l -> !l.isEmpty(), "a dead letter");
        Map<String, String> d = dead.get(0).getFields();
        assertEquals("g-zhangda", d.get("chat"), d.toString());
        assertFalse(d.getOrDefault("reason", "").isBlank(), "with a reason: " + d);
        assertTrue(d.get("reason").contains("cannot find"), d.toString());
        assertTrue(d.get("m").contains("户口簿"), "the message itself is kept: " + d);

        Map<String, String> ledger = gw.awaitLedger("g-zhangda", l -> "DEAD".equals(l.get("status")));
        assertEquals("1", ledger.get("attempts"), "not retried: the group is not there " + ledger);

        String told = gw.awaitBot("dm:" + gw.dutyOfficer(), "【发送失败】");
        assertTrue(told.contains(ROOM), told);
        assertTrue(fake.sent().isEmpty());
    }

    @Test
    void bridgeDown_officersAreTold_messagesWaitUnreachable_andAreDeliveredWhenItIsBack() throws Exception {
        fake.healthy(false);
        assertFalse(gw.gateway.checkBridge());
        String down = gw.awaitBot("dm:p-wang", "【通道中断】");
        assertTrue(down.contains("个人微信群桥接"), down);
        gw.awaitBot("dm:" + gw.dutyOfficer(), "【通道中断】");

        FakeBridge.post(gw.base(), TOKEN, ROOM, "次仁（货车）", "@指尖服务 补办身份证要带什么", true, false);
        Map<String, String> waiting = gw.awaitLedger("g-zhangda", l -> "UNREACHABLE".equals(l.get("status")));
        assertEquals("bridge", waiting.get("channel"), waiting.toString());
        assertTrue(fake.sent().isEmpty(), "nothing is sent to a bridge that is down");
        assertEquals(0L, gw.deadLetters().size());

        fake.healthy(true);
        assertTrue(gw.gateway.checkBridge());
        String up = gw.awaitBot("dm:p-wang", "【通道恢复】");
        assertTrue(up.contains("个人微信群桥接"), up);
        gw.awaitBot("dm:" + gw.dutyOfficer(), "【通道恢复】");

        gw.clock.advance(Duration.ofSeconds(61));   // an unreachable channel is tried again after a minute
        gw.gateway.fireDueTimers();
        FakeBridge.Sent answer = awaitSent(s -> s.content().contains("户口簿"), "the waiting answer");
        assertEquals(ROOM, answer.to());
        gw.awaitLedger("g-zhangda", l -> "SENT".equals(l.get("status")));
        assertEquals(1, gw.botSaid("dm:p-wang").stream().filter(s -> s.contains("【通道中断】")).count(), "told once");
    }

    // ------------------------------------------------------------------ helpers

    private String url() {
        return gw.base() + "/bridge/wechatbot?token=" + TOKEN;
    }

    private static String source(String from, String topic) {
        return Json.write(Map.of("room", Map.of("id", "@@r1", "payload", Map.of("topic", topic)),
                "from", Map.of("id", "@wx1", "payload", Map.of("name", from))));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private FakeBridge.Sent awaitSent(java.util.function.Predicate<FakeBridge.Sent> p, String what) {
        List<FakeBridge.Sent> l = eventually(fake::sent, s -> s.stream().anyMatch(p), what);
        return l.stream().filter(p).findFirst().orElseThrow();
    }







    @Test
    void aLongOutage_doesNotUseUpAttempts_messagesWaitAndGoWhenTheBridgeIsBack() throws Exception {
        fake.healthy(false);
        assertFalse(gw.gateway.checkBridge());
        FakeBridge.post(gw.base(), TOKEN, ROOM, "次仁（货车）", "@指尖服务 居住证怎么办", true, false);
        gw.awaitLedger("g-zhangda", l -> "UNREACHABLE".equals(l.get("status")));
        for (int minute = 0; minute < 30; minute++) {   // half an hour: far more than six retries' worth
            gw.clock.advance(Duration.ofMinutes(1));
            gw.gateway.fireDueTimers();
            Thread.sleep(50);
        }
        assertEquals(0, gw.deadLetters().size(), "nothing given up while the bridge is only down");
        fake.healthy(true);
        assertTrue(gw.gateway.checkBridge());
        gw.clock.advance(Duration.ofMinutes(2));
        gw.gateway.fireDueTimers();
        gw.awaitLedger("g-zhangda", l -> "SENT".equals(l.get("status")));
        assertTrue(fake.sent().stream().anyMatch(x -> x.content().contains("居住证")));
    }

    @Test
    void aNicknameOfAnOfficer_doesNotMakeSomeoneStaff() throws Exception {
        // anyone can call themselves 王建军 on WeChat
        HttpResponse<String> r = FakeBridge.post(gw.base(), TOKEN, null, "王建军", "我的工单", true, false);
        assertEquals(200, r.statusCode(), r.body());
        FakeBridge.Sent answer = eventually(fake::sent, l -> l.stream().anyMatch(x -> x.to().equals("王建军")), "an answer")
                .stream().filter(x -> x.to().equals("王建军")).findFirst().orElseThrow();
        assertTrue(answer.content().contains("只有工作人员"), "treated as a resident: " + answer.content());
    }
}
