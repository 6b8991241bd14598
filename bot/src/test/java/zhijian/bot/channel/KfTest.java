package zhijian.bot.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.WecomCallbacks;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.channel.WecomDeliveryTest.AES;
import static zhijian.bot.channel.WecomDeliveryTest.CORP;
import static zhijian.bot.channel.WecomDeliveryTest.TOKEN;
import static zhijian.bot.channel.WecomDeliveryTest.sentTo;
import static zhijian.bot.channel.WecomDeliveryTest.wecomEnv;
import static zhijian.bot.channel.WecomDeliveryTest.wecomIdOf;
import static zhijian.bot.testing.Eventually.eventually;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * 微信客服: a {@code kf_msg_or_event} callback makes the gateway pull the customer's messages with sync_msg (from
 * the cursor it keeps in Redis), answer them through send_msg, and keep to WeChat's reply window (5 messages,
 * 48 hours after the customer's last message): a reply beyond it is not sent, it is kept on the dead-letter stream
 * with the reason and the duty officer is told.
 */
class KfTest {
    static final String KF = "wkAZ01", CUSTOMER = "wmEXT1";
    static final String SYNC = "/cgi-bin/kf/sync_msg", KF_SEND = "/cgi-bin/kf/send_msg";
    static final long NOW = GatewayHarness.T0.getEpochSecond();

    private FakeWecom fake;
    private GatewayHarness gw;
    private WecomCallbacks wecom;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        fake = new FakeWecom();
        gw = GatewayHarness.start(info.getTestMethod().orElseThrow().getName(), wecomEnv(fake));
        wecom = new WecomCallbacks(TOKEN, AES, CORP);
    }

    @AfterEach
    void stop() {
        gw.close();
        fake.close();
    }

    /** WeCom announces that the 微信客服 account has news (it sends only a token to fetch them with). */
    private void kfEvent(String syncToken, long createTime) {
        String xml = WecomCallbacks.eventXml(CORP, "sys", "kf_msg_or_event", createTime,
                "<Token><![CDATA[" + syncToken + "]]></Token><OpenKfId><![CDATA[" + KF + "]]></OpenKfId>");
        WecomCallbacks.Signed s = wecom.xml(xml, createTime);
        GatewayHarness.Response r = gw.post("/wecom/callback?" + s.query(), "text/xml", s.body());
        assertEquals(200, r.status(), r.raw());
        assertEquals("", r.raw());
    }

    /** The customer's text message, as sync_msg lists it. */
    private static String customerText(String msgId, String text, long sendTime) {
        return "{\"msgid\":\"" + msgId + "\",\"open_kfid\":\"" + KF + "\",\"external_userid\":\"" + CUSTOMER + "\",\"send_time\":"
                + sendTime + ",\"origin\":3,\"msgtype\":\"text\",\"text\":{\"content\":\"" + text + "\"}}";
    }

    private List<FakeWecom.Call> kfReplies() {
        return fake.calls(KF_SEND);
    }



    /** The duty officer's WeCom messages that say a message did not get through. */
    private List<FakeWecom.Call> deliveryFailedNotices(String duty) {
        return sentTo(fake, wecomIdOf(duty)).stream().filter(c -> c.text().contains("【发送失败】")).toList();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aCustomersQuestion_isPulled_andAnsweredThroughSendMsg() {
        fake.kfMessages(KF, "[" + customerText("kfm1", "办身份证要带什么", NOW) + "]");
        kfEvent("T1", NOW);

        FakeWecom.Call sync = eventually(() -> fake.calls(SYNC), l -> !l.isEmpty(), "sync_msg").get(0);
        assertEquals("T1", sync.body().path("token").asText(), "the token from the callback");
        assertEquals(KF, sync.body().path("open_kfid").asText());
        assertTrue(sync.body().path("cursor").asText("").isEmpty(), "the first pull starts at the beginning: " + sync.body());

        FakeWecom.Call reply = eventually(this::kfReplies, l -> !l.isEmpty(), "the answer through send_msg").get(0);
        assertEquals(CUSTOMER, reply.body().path("touser").asText());
        assertEquals(KF, reply.body().path("open_kfid").asText());
        assertEquals("text", reply.body().path("msgtype").asText());
        assertTrue(reply.text().contains("户口簿"), "the FAQ answer: " + reply.text());
        assertTrue(reply.query().get("access_token").startsWith("TOKEN-"));

        // the cursor is kept in Redis; the next pull continues from it
        String cursor = gw.gateway.redis().get(gw.gateway.keys().kfCursor(KF));
        assertNotNull(cursor, "the cursor is kept");
        assertFalse(cursor.isBlank());
        fake.kfMessages(KF, "[" + customerText("kfm2", "户口迁移要什么材料", NOW + 60) + "]");
        kfEvent("T2", NOW + 60);
        FakeWecom.Call second = eventually(() -> fake.calls(SYNC), l -> l.size() == 2, "a second pull").get(1);
        assertEquals(cursor, second.body().path("cursor").asText(), "from the cursor kept in Redis");
        assertEquals("T2", second.body().path("token").asText());
        eventually(this::kfReplies, l -> l.size() == 2, "the second answer");
        assertNotEquals(cursor, gw.gateway.redis().get(gw.gateway.keys().kfCursor(KF)), "the cursor moved on");
    }

    @Test
    void theSameKfEventTwice_isFetchedOnce_andTheSameMessageTwice_isAnsweredOnce() {
        fake.kfMessages(KF, "[" + customerText("kfm1", "办身份证要带什么", NOW) + "]");
        kfEvent("T1", NOW);
        kfEvent("T1", NOW);   // WeCom's retry of the same callback (new nonce and signature)
        eventually(this::kfReplies, l -> !l.isEmpty(), "the answer");
        eventually(gw::drained, d -> d, "everything handled");
        assertEquals(1, fake.calls(SYNC).size(), "fetched once");
        assertEquals(1, kfReplies().size(), "answered once");

        // WeChat lists a message again (a pull that overlapped): it is not answered twice
        fake.kfMessages(KF, "[" + customerText("kfm1", "办身份证要带什么", NOW) + "]");
        kfEvent("T3", NOW + 10);
        eventually(() -> fake.calls(SYNC), l -> l.size() == 2, "the second pull");
        eventually(() -> gw.gateway.counters().get("wecom.kf_duplicates"), n -> n == 1, "the repeat to be recognised");
        eventually(gw::drained, d -> d, "everything handled");
        assertEquals(1, kfReplies().size(), "still answered once");
    }

    @Test
    void aSixthReplyInTheWindow_isNotSent_butDeadLettered_andTheDutyOfficerIsTold() {
        fake.kfMessages(KF, "[" + customerText("kfm1", "邻居家的牦牛把我家青稞吃了一大片，他还不认账，请帮忙调解", NOW) + "]");
        kfEvent("T1", NOW);
        FakeWecom.Call first = eventually(this::kfReplies, l -> !l.isEmpty(), "the bot's answer with a ticket number").get(0);
        String id = ticketIdIn(first.text());
        String officer = gw.ticket(id).get("ticket").get("assignee").asText();

        // the officer signs and relays answers until WeChat's 5 replies are used up
        gw.say("dm:" + officer, officer, "接单 " + id);
        int relays = 0;
        while (true) {
            eventually(gw::drained, d -> d, "everything handled");
            int before = kfReplies().size();
            if (before == 5) break;
            gw.clock.advance(Duration.ofSeconds(15));   // WeCom's pace for 微信客服 (5 a minute) is not the point here
            gw.say("dm:" + officer, officer, "回复 " + id + " 您好，调解员第" + (++relays) + "次回复");
            eventually(this::kfReplies, l -> l.size() == before + 1, "relay " + relays);
            assertTrue(relays < 10, "the window never filled");
        }
        assertEquals(5, kfReplies().size());

        gw.clock.advance(Duration.ofSeconds(61));   // past WeCom's pace of 5 a minute, so only the 48 h / 5 window is in play
        gw.say("dm:" + officer, officer, "回复 " + id + " 您好，这是第六条");
        List<StreamEntry> dead = eventually(gw::deadLetters, l -> !l.isEmpty(), "the sixth reply to be dead-lettered");
        assertEquals(1, dead.size());
        assertEquals("dm:kf:" + CUSTOMER, dead.get(0).getFields().get("chat"));
        assertTrue(dead.get(0).getFields().get("m").contains("这是第六条"));
        assertTrue(dead.get(0).getFields().get("reason").contains("5条"), dead.get(0).getFields().get("reason"));
        assertEquals(5, kfReplies().size(), "WeChat gets no sixth message");
        assertTrue(kfReplies().stream().noneMatch(c -> c.text().contains("这是第六条")));
        assertEquals(1, gw.get("/healthz").body().get("streams").get("outboundDead").asLong());

        String duty = gw.dutyOfficer();
        List<FakeWecom.Call> told = eventually(() -> deliveryFailedNotices(duty), l -> !l.isEmpty(), "the duty officer to be told");
        assertTrue(told.get(0).text().contains("5条"), "says why: " + told.get(0).text());
    }

    @Test
    void aReplyAfter48Hours_isNotSent_butDeadLettered_andTheDutyOfficerIsTold() {
        fake.kfMessages(KF, "[" + customerText("kfm1", "邻居家的牦牛把我家青稞吃了一大片，他还不认账，请帮忙调解", NOW) + "]");
        kfEvent("T1", NOW);
        String id = ticketIdIn(eventually(this::kfReplies, l -> !l.isEmpty(), "the bot's answer").get(0).text());
        String officer = gw.ticket(id).get("ticket").get("assignee").asText();
        gw.say("dm:" + officer, officer, "接单 " + id);
        eventually(gw::drained, d -> d, "everything handled");
        int sent = kfReplies().size();

        gw.clock.advance(Duration.ofHours(49));   // the customer has not written since
        gw.gateway.fireDueTimers();
        gw.say("dm:" + officer, officer, "回复 " + id + " 两天后才回复您，抱歉");
        eventually(() -> gw.deadLetters().stream().anyMatch(e -> e.getFields().get("m").contains("两天后才回复您")), d -> d,
                "the late reply to be dead-lettered");
        StreamEntry late = gw.deadLetters().stream().filter(e -> e.getFields().get("m").contains("两天后才回复您")).findFirst().orElseThrow();
        assertEquals("dm:kf:" + CUSTOMER, late.getFields().get("chat"));
        assertTrue(late.getFields().get("reason").contains("48小时"), late.getFields().get("reason"));
        assertTrue(kfReplies().stream().noneMatch(c -> c.text().contains("两天后才回复您")));
        assertEquals(sent, kfReplies().size(), "WeChat gets nothing more after 48 h");

        String duty = gw.dutyOfficer();   // the duty officer of the day the reply failed
        eventually(() -> deliveryFailedNotices(duty), l -> !l.isEmpty(), "the duty officer " + duty + " to be told");
    }

    @Test
    void anOldMessageListedAgain_doesNotReopenAUsedUpWindow() {
        fake.kfMessages(KF, "[" + customerText("kfm1", "办身份证要带什么", NOW) + "]");
        kfEvent("T1", NOW);
        eventually(this::kfReplies, l -> l.size() == 1, "the answer");
        eventually(gw::drained, d -> d, "everything handled");
        String window = gw.gateway.keys().kfWindow(CUSTOMER);
        gw.gateway.redis().hset(window, "sent", "5");   // as if five replies had gone out since

        // WeChat lists the same customer message again on the next pull
        fake.kfMessages(KF, "[" + customerText("kfm1", "办身份证要带什么", NOW) + "]");
        kfEvent("T2", NOW + 30);
        eventually(() -> gw.gateway.counters().get("wecom.kf_duplicates"), n -> n == 1, "the repeat to be recognised");
        assertEquals("5", gw.gateway.redis().hget(window, "sent"), "a repeat does not open a new window");
    }

    @Test
    void aMessageThatArrivesWhileAnotherPullRuns_isFetchedToo() {
        // the first pull is slow; the customer's second message and its event come in meanwhile
        fake.slowNext(SYNC, 1500, 1);
        fake.kfMessages(KF, "[" + customerText("kfm1", "办身份证要带什么", NOW) + "]");
        kfEvent("T1", NOW);
        eventually(() -> fake.calls(SYNC).size(), n -> n >= 1, "the first pull to start");
        fake.kfMessages(KF, "[" + customerText("kfm2", "户口迁移要什么材料", NOW + 5) + "]");
        kfEvent("T2", NOW + 5);
        eventually(this::kfReplies, l -> l.stream().anyMatch(c -> c.text().contains("迁入地")), "the second question answered too");
        assertTrue(kfReplies().stream().anyMatch(c -> c.text().contains("户口簿")), "and the first");
    }
}
