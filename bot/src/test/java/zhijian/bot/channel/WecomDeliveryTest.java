package zhijian.bot.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.Metrics;
import zhijian.bot.testing.WecomCallbacks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * Delivery through the WeCom app ({@code /cgi-bin/message/send}) against a fake WeCom API: pages reach the officer's
 * WeCom with a valid access token; busy answers, token expiry, frequency limits, HTTP 500 and slow answers are
 * retried until the message gets through; a message that never gets through ends on the dead-letter stream and the
 * duty officer hears of it; WeCom's 30-a-minute limit per member is kept without losing anything.
 */
class WecomDeliveryTest {
    static final String CORP = "ww0000000000000001", TOKEN = "zhijianToken", AES = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String SEND = "/cgi-bin/message/send";
    static final String MISSING_CHILD = "我们班一个学生放学后一直没回家，到处找不到人了！";

    private FakeWecom fake;
    private GatewayHarness gw;

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        if (fake != null) fake.close();
    }

    private GatewayHarness start(String name) throws Exception {
        return start(name, Map.of());
    }

    private GatewayHarness start(String name, Map<String, String> more) throws Exception {
        fake = new FakeWecom();
        Map<String, String> env = new HashMap<>(wecomEnv(fake));
        env.putAll(more);
        gw = GatewayHarness.start(name, env);
        return gw;
    }

    static Map<String, String> wecomEnv(FakeWecom fake) {
        return Map.of("ZJ_WECOM_CORP_ID", CORP, "ZJ_WECOM_AGENT_ID", "1000002",
                "ZJ_WECOM_SECRET", "0123456789abcdefghij0123456789ABCDEFGHIJ", "ZJ_WECOM_TOKEN", TOKEN,
                "ZJ_WECOM_AES_KEY", AES, "ZJ_WECOM_API_BASE", fake.base(), "ZJ_WECOM_MAX_SKEW_S", "300");
    }



    /** WeCom userids from seeds/roster.yaml. */
    static String wecomIdOf(String person) {
        return Map.of("p-wang", "WangJianJun", "p-duoji", "DuoJi", "p-liu", "LiuYang", "p-basang", "BaSang",
                "p-tashi", "ZhaXiPingCuo").get(person);
    }

    /** The app messages the fake received for one WeCom user. */
    static List<FakeWecom.Call> sentTo(FakeWecom fake, String userId) {
        return fake.calls(SEND).stream().filter(c -> c.body() != null && userId.equals(c.body().path("touser").asText())).toList();
    }


    /** The ledger line of the one outbound message to a chat (empty while there is none yet). */
    static Map<String, String> onlyLedgerLine(GatewayHarness gw, String chat) {
        List<Map<String, String>> l = gw.ledger(chat);
        assertTrue(l.size() <= 1, "one message to " + chat + ": " + l);
        return l.isEmpty() ? Map.of() : l.get(0);
    }

    static long outboundDead(GatewayHarness gw) {
        return gw.get("/healthz").body().get("streams").get("outboundDead").asLong();
    }


    /**
     * Waits until the message to {@code chat} has failed its {@code attempts}-th send and is put aside for a retry,
     * then moves the clock past the wait and lets the retry go.
     */
    static void retryAfterFailure(GatewayHarness gw, String chat, int attempts, Duration backoff) {
        eventually(() -> onlyLedgerLine(gw, chat),
                l -> "RETRYING".equals(l.get("status")) && String.valueOf(attempts).equals(l.get("attempts")),
                "attempt " + attempts + " to " + chat + " to fail and be retried");
        eventually(() -> gw.gateway.redis().zcard(gw.gateway.keys().outboundDelayed()), n -> n > 0,
                "the retry to be put aside");
        gw.clock.advance(backoff.plusSeconds(1));
        gw.gateway.fireDueTimers();
    }

    /** A staff member says something to the bot in their private chat (their private chat is their WeCom). */
    static void sayPrivately(GatewayHarness gw, String person, String text) {
        GatewayHarness.Response r = gw.postJson("/api/sim/messages", "{\"chat\":\"dm:" + person + "\",\"from\":\"" + person
                + "\",\"text\":\"" + text + "\",\"mentioned\":true}");
        assertTrue(r.status() == 202 || r.status() == 200, r.raw());
    }


    // ---------------------------------------------------------------------------------------------------------

    @Test
    void theDutyOfficerIsPaged_inWecom_withTheAccessTokenFromGettoken() throws Exception {
        start("wecom-page");
        gw.say("g-parents-school", "r-zhuoma", MISSING_CHILD);
        String id = ticketIdIn(gw.awaitBot("g-parents-school", "110"));   // the group itself is on the (unset) bridge: the simulator shows it

        String duty = gw.dutyOfficer();
        List<FakeWecom.Call> paged = eventually(() -> sentTo(fake, wecomIdOf(duty)), l -> !l.isEmpty(),
                "the duty officer " + duty + " to be paged through WeCom");
        FakeWecom.Call page = paged.get(0);
        assertTrue(page.text().startsWith("【紧急求助·走失】"), page.text());
        assertTrue(page.text().contains("接单 " + id), page.text());
        assertEquals("text", page.body().path("msgtype").asText());
        assertEquals(1000002, page.body().path("agentid").asInt());
        assertEquals(1, fake.tokenRequests(), "one token, fetched with the corp secret");
        assertEquals("TOKEN-1", page.query().get("access_token"), "the token /cgi-bin/gettoken handed out");

        // the grid's community officer is copied, with the same token (it lives in Redis, not fetched per send)
        FakeWecom.Call copy = eventually(() -> sentTo(fake, wecomIdOf("p-tashi")), l -> !l.isEmpty(), "p-tashi to be copied").get(0);
        assertTrue(copy.text().contains(id), copy.text());
        assertEquals("TOKEN-1", copy.query().get("access_token"));
        assertEquals(1, fake.tokenRequests());

        Map<String, String> line = eventually(() -> onlyLedgerLine(gw, "dm:" + duty), l -> "SENT".equals(l.get("status")), "the ledger");
        assertEquals("wecom_app", line.get("channel"));
        assertEquals("1", line.get("attempts"));
        assertTrue(line.get("channelId") != null && !line.get("channelId").isBlank(), "WeCom's msgid is kept: " + line);
        assertTrue(gw.botSaid("dm:" + duty).isEmpty(), "a page that went to WeCom is not (also) shown in the simulator");
    }

    @Test
    void busyTwice_thenDelivered_afterRetries() throws Exception {
        start("wecom-busy");
        String duty = gw.dutyOfficer(), userId = wecomIdOf(duty);
        fake.failWhen(SEND, c -> userId.equals(c.body().path("touser").asText()), -1, 2);
        gw.say("g-parents-school", "r-zhuoma", MISSING_CHILD);

        retryAfterFailure(gw, "dm:" + duty, 1, Duration.ofSeconds(2));
        retryAfterFailure(gw, "dm:" + duty, 2, Duration.ofSeconds(4));
        Map<String, String> line = eventually(() -> onlyLedgerLine(gw, "dm:" + duty), l -> "SENT".equals(l.get("status")),
                "the page to go through on the third try");
        assertEquals("3", line.get("attempts"), line.toString());
        assertTrue(!line.containsKey("error"), "a sent message carries no error from an earlier attempt: " + line);

        List<FakeWecom.Call> calls = sentTo(fake, userId);
        assertEquals(3, calls.size(), "two refused, one accepted");
        assertTrue(calls.get(0).body().path("enable_duplicate_check").isMissingNode(), "a first try needs no duplicate check");
        assertEquals(1, calls.get(2).body().path("enable_duplicate_check").asInt(), "a retry asks WeCom to drop a repeat");
        assertEquals(1, calls.stream().map(FakeWecom.Call::text).distinct().count(), "the same page each time");
        assertTrue(calls.get(2).text().startsWith("【紧急求助·走失】"));
        assertEquals(2, gw.gateway.counters().get("delivery.failed.wecom_app"));
        assertEquals(0, outboundDead(gw), "nothing dead-lettered");
    }

    @Test
    void expiredToken_isRefreshed_andTheSendGoesThrough() throws Exception {
        start("wecom-token");
        sayPrivately(gw, "p-wang", "帮助");
        eventually(() -> sentTo(fake, "WangJianJun"), l -> l.size() == 1, "the first answer");
        assertEquals(1, fake.tokenRequests());

        fake.expireToken();   // two hours later: WeCom answers 42001 to the old token
        sayPrivately(gw, "p-wang", "帮助");
        List<FakeWecom.Call> calls = eventually(() -> sentTo(fake, "WangJianJun"), l -> l.size() == 3,
                "the refused call and the call with the new token");
        assertEquals(2, fake.tokenRequests(), "a new token was fetched");
        assertEquals("TOKEN-1", calls.get(1).query().get("access_token"), "refused: the expired token");
        assertEquals("TOKEN-2", calls.get(2).query().get("access_token"), "sent again with the new token");
        assertEquals(calls.get(0).text(), calls.get(2).text());

        eventually(() -> gw.ledger("dm:p-wang"), l -> l.size() == 2 && l.stream().allMatch(x -> "SENT".equals(x.get("status"))),
                "both answers sent");
        assertEquals(0, outboundDead(gw));
        // the new token is the one every later send uses
        sayPrivately(gw, "p-wang", "帮助");
        FakeWecom.Call third = eventually(() -> sentTo(fake, "WangJianJun"), l -> l.size() == 4, "a third answer").get(3);
        assertEquals("TOKEN-2", third.query().get("access_token"));
        assertEquals(2, fake.tokenRequests());
    }

    @Test
    void frequencyLimitAndServerError_areRetriedLater_notLost() throws Exception {
        start("wecom-45009-500");
        fake.failNext(SEND, 45009, 1);
        fake.httpErrorNext(SEND, 500, 1);
        sayPrivately(gw, "p-wang", "帮助");

        retryAfterFailure(gw, "dm:p-wang", 1, Duration.ofSeconds(2));
        assertTrue(onlyLedgerLine(gw, "dm:p-wang").get("error").startsWith("45009"), onlyLedgerLine(gw, "dm:p-wang").toString());
        retryAfterFailure(gw, "dm:p-wang", 2, Duration.ofSeconds(4));
        assertTrue(onlyLedgerLine(gw, "dm:p-wang").get("error").startsWith("network"), onlyLedgerLine(gw, "dm:p-wang").toString());

        Map<String, String> line = eventually(() -> onlyLedgerLine(gw, "dm:p-wang"), l -> "SENT".equals(l.get("status")),
                "the answer to go through");
        assertEquals("3", line.get("attempts"));
        List<FakeWecom.Call> calls = sentTo(fake, "WangJianJun");
        assertEquals(3, calls.size());
        assertTrue(calls.get(2).text().contains("工作人员指令"), "the chief gets the staff help: " + calls.get(2).text());
        assertEquals(0, outboundDead(gw));
    }

    @Test
    void aPageToAnOfficerThatCannotBeDelivered_isReportedToTheDutyOfficer_inWordsTheyRead() throws Exception {
        start("wecom-page-dead");
        // the grid's community officer cannot be reached in WeCom at all (left the corp: 60111 is not retried)
        fake.failWhen(SEND, c -> "ZhaXiPingCuo".equals(c.body().path("touser").asText()), 60111, 100);
        gw.say("g-parents-school", "r-zhuoma", MISSING_CHILD);

        Map<String, String> line = eventually(() -> onlyLedgerLine(gw, "dm:p-tashi"), l -> "DEAD".equals(l.get("status")),
                "the copy to the community officer to be given up");
        assertEquals("1", line.get("attempts"), "a refusal that cannot change is not retried");
        String duty = gw.dutyOfficer();
        FakeWecom.Call told = eventually(() -> sentTo(fake, wecomIdOf(duty)),
                l -> l.stream().anyMatch(c -> c.text().contains("【发送失败】")), "the duty officer to be told")
                .stream().filter(c -> c.text().contains("【发送失败】")).findFirst().orElseThrow();
        assertTrue(told.text().contains("私聊：扎西平措"), "names the person, not an id: " + told.text());
        assertTrue(told.text().contains("60111") && !told.text().contains("errcode"), "in Chinese, with WeCom's number: " + told.text());
    }

    @Test
    void whenTheDutyOfficerCannotBeReached_theChiefIsTold() throws Exception {
        start("wecom-duty-dead");
        String duty = gw.dutyOfficer();
        fake.failWhen(SEND, c -> wecomIdOf(duty).equals(c.body().path("touser").asText()), 60111, 100);
        gw.say("g-parents-school", "r-zhuoma", MISSING_CHILD);
        eventually(() -> sentTo(fake, "WangJianJun"), l -> l.stream().anyMatch(c -> c.text().contains("【发送失败】")
                && c.text().contains("私聊：")), "the chief to hear that the duty officer was not paged");
    }

    @Test
    void aSendThatAlwaysFails_isDeadLettered_andTheDutyOfficerIsTold() throws Exception {
        start("wecom-dead");
        // a resident writes to the station's WeCom app; every answer to them is refused as busy
        fake.failWhen(SEND, c -> "zhangsan".equals(c.body().path("touser").asText()), -1, 100);
        long now = GatewayHarness.T0.getEpochSecond();
        WecomCallbacks.Signed cb = new WecomCallbacks(TOKEN, AES, CORP)
                .xml(WecomCallbacks.textXml(CORP, "zhangsan", "办身份证要带什么", 9901, now), now);
        assertEquals(200, gw.post("/wecom/callback?" + cb.query(), "text/xml", cb.body()).status());

        String chat = "dm:wecom:zhangsan";
        long wait = 2;
        for (int attempt = 1; attempt <= 5; attempt++, wait *= 2) {
            retryAfterFailure(gw, chat, attempt, Duration.ofSeconds(wait));   // 2 s, 4 s, 8 s, 16 s, 32 s
        }
        Map<String, String> line = eventually(() -> onlyLedgerLine(gw, chat), l -> "DEAD".equals(l.get("status")),
                "the answer to be given up");
        assertEquals("6", line.get("attempts"), "delivery.max_attempts in config/gateway.yaml");
        assertEquals(6, sentTo(fake, "zhangsan").size());
        assertTrue(sentTo(fake, "zhangsan").get(0).text().contains("户口簿"), "it was the FAQ answer");

        assertEquals(1, outboundDead(gw), "visible in /healthz");
        List<StreamEntry> dead = gw.deadLetters();
        assertEquals(1, dead.size());
        assertEquals(chat, dead.get(0).getFields().get("chat"));
        assertTrue(dead.get(0).getFields().get("reason").contains("6 attempts"), dead.get(0).getFields().toString());
        assertTrue(dead.get(0).getFields().get("m").contains("户口簿"), "the message itself is kept");

        String duty = gw.dutyOfficer();
        FakeWecom.Call told = eventually(() -> sentTo(fake, wecomIdOf(duty)), l -> l.stream().anyMatch(c -> c.text().contains("【发送失败】")),
                "the duty officer " + duty + " to be told").stream().filter(c -> c.text().contains("【发送失败】")).findFirst().orElseThrow();
        assertTrue(told.text().contains("zhangsan"), "names whom it did not reach: " + told.text());
        assertEquals(1, gw.gateway.counters().get("delivery.dead_lettered"));
    }

    @Test
    void moreThan30ToOneMemberInAMinute_waitForTheNextMinute_andNoneIsLost() throws Exception {
        start("wecom-pace");
        for (int i = 0; i < 35; i++) sayPrivately(gw, "p-wang", "帮助");

        // 30 go out; the other 5 wait for WeCom's next minute (the clock has not moved)
        eventually(() -> gw.gateway.redis().zcard(gw.gateway.keys().outboundDelayed()), n -> n == 5, "5 answers to be held back");
        eventually(gw::drained, d -> d, "all 35 handled");
        assertEquals(30, sentTo(fake, "WangJianJun").size(), "at most 30 a minute to one member");
        assertEquals(5.0, Metrics.scrape(gw).get("zj_outbound_delayed{channel=\"wecom_app\"}"), "the backlog of the channel");
        assertTrue(gw.gateway.counters().get("delivery.rate_limited.wecom_app") >= 5);
        gw.gateway.fireDueTimers();
        assertEquals(30, sentTo(fake, "WangJianJun").size(), "still 30 while the minute is not over");

        gw.clock.advance(Duration.ofMinutes(1));
        gw.gateway.fireDueTimers();
        eventually(() -> sentTo(fake, "WangJianJun").size(), n -> n == 35, "the rest to arrive the next minute");
        List<Map<String, String>> lines = eventually(() -> gw.ledger("dm:p-wang"),
                l -> l.size() == 35 && l.stream().allMatch(x -> "SENT".equals(x.get("status"))), "35 answers sent");
        assertEquals(35, lines.size());
        assertEquals(0, gw.gateway.redis().zcard(gw.gateway.keys().outboundDelayed()));
        assertEquals(0, outboundDead(gw), "none lost");
    }

    @Test
    void aSlowAnswer_beyondTheTimeout_isRetried_andDeliveredWhenWecomAnswersInTime(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(GatewayHarness.configDir().resolve("gateway.yaml"), StandardCharsets.UTF_8);
        String shortTimeout = yaml.replaceFirst("(?m)^(    api_base: https://qyapi\\.weixin\\.qq\\.com.*\\R    timeout:) 5s", "$1 1s");
        assertNotEquals(yaml, shortTimeout, "channels.wecom.timeout found in config/gateway.yaml");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, shortTimeout, StandardCharsets.UTF_8);
        start("wecom-slow", Map.of("ZJ_CONFIG", config.toString()));
        assertEquals(Duration.ofSeconds(1), gw.gateway.config().channels().wecom().timeout());

        fake.slowNext(SEND, 3000, 1);
        sayPrivately(gw, "p-wang", "帮助");
        retryAfterFailure(gw, "dm:p-wang", 1, Duration.ofSeconds(2));
        assertTrue(onlyLedgerLine(gw, "dm:p-wang").get("error").startsWith("network"), onlyLedgerLine(gw, "dm:p-wang").toString());

        Map<String, String> line = eventually(() -> onlyLedgerLine(gw, "dm:p-wang"), l -> "SENT".equals(l.get("status")),
                "the answer to go through once WeCom answers in time");
        assertEquals("2", line.get("attempts"));
        assertEquals(2, sentTo(fake, "WangJianJun").size());
        assertEquals(0, outboundDead(gw));
    }

    @Test
    void slowSends_withTwoDeliveryWorkers_areNeverSentTwice() throws Exception {
        fake = new FakeWecom();
        // two delivery threads that take each other's entries over after 2 s, and a WeCom that takes 1.2 s a call
        gw = GatewayHarness.start("wecom-slow-two", wecomEnv(fake),
                new zhijian.bot.GatewayConfig.Workers(2, 2, Duration.ofSeconds(2), 3, Duration.ofMillis(100)));
        fake.slowNext(SEND, 1200, 50);
        for (int i = 0; i < 6; i++) sayPrivately(gw, "p-wang", "帮助");
        eventually(() -> sentTo(fake, "WangJianJun").size(), n -> n >= 6, "six answers");
        eventually(gw::drained, d -> d, "everything handled");
        Thread.sleep(3000);   // time for a second worker to take something over and send it again, if it would
        assertEquals(6, sentTo(fake, "WangJianJun").size(), "six answers, each sent once");
    }
}
