package zhijian.bot.channel;

import org.junit.jupiter.api.Test;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.WecomCallbacks;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * End to end through WeCom: an encrypted text from a resident's private chat becomes a ticket; the handler gets it
 * in WeCom; the handler's reply, sent as a WeCom callback too, goes back to the resident through the app message API.
 */
class WecomStoryTest {
    static final String CORP = "ww0000000000000001", TOKEN = "zjTestToken", KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    @Test
    void aResidentsWecomMessage_becomesATicket_andTheHandlersReplyGoesBackThroughWecom() throws Exception {
        try (FakeWecom wecom = new FakeWecom();
             GatewayHarness gw = GatewayHarness.start("wecom-story", Map.of("ZJ_WECOM_CORP_ID", CORP, "ZJ_WECOM_AGENT_ID", "1000002",
                     "ZJ_WECOM_SECRET", "s".repeat(43), "ZJ_WECOM_TOKEN", TOKEN, "ZJ_WECOM_AES_KEY", KEY,
                     "ZJ_WECOM_API_BASE", wecom.base()))) {
            long now = GatewayHarness.T0.getEpochSecond();
            WecomCallbacks callbacks = new WecomCallbacks(TOKEN, KEY, CORP);

            WecomCallbacks.Signed in = callbacks.xml(WecomCallbacks.textXml(CORP, "wangwu",
                    "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下", 9001, now), now);
            assertEquals(200, gw.post("/wecom/callback?" + in.query(), "text/xml", in.body()).status());

            // the resident hears back in WeCom, with a ticket number
            FakeWecom.Call ack = awaitSend(wecom, "wangwu", "工单号");
            String id = GatewayHarness.ticketIdIn(ack.text());
            assertEquals("1000002", ack.body().path("agentid").asText(), "sent as the app");
            assertTrue(ack.query().get("access_token").startsWith("TOKEN-"), "with the token from gettoken");

            // nobody knows wangwu's village: the township's mediation room takes the dispute, in WeCom
            FakeWecom.Call page = awaitSend(wecom, "AWang", "接单 " + id);
            assertTrue(page.text().contains("运费"), page.text());

            // the mediator answers from WeCom; the answer reaches the resident through WeCom
            WecomCallbacks.Signed reply = callbacks.xml(WecomCallbacks.textXml(CORP, "AWang",
                    "回复 " + id + " 您好，明天上午我到车队调解", 9002, now + 60), now + 60);
            assertEquals(200, gw.post("/wecom/callback?" + reply.query(), "text/xml", reply.body()).status());
            FakeWecom.Call relayed = awaitSend(wecom, "wangwu", "明天上午我到车队调解");
            assertTrue(relayed.text().startsWith("【工单 " + id + " 回复】"), relayed.text());
            awaitSend(wecom, "AWang", "已转达");

            assertEquals("IN_PROGRESS", gw.ticket(id).get("ticket").get("state").asText());
            assertEquals(1, wecom.tokenRequests(), "one access token, shared through Redis");
        }
    }

    @Test
    void enterAgent_greetsSomeoneNew_once() throws Exception {
        try (FakeWecom wecom = new FakeWecom();
             GatewayHarness gw = GatewayHarness.start("wecom-enter", Map.of("ZJ_WECOM_CORP_ID", CORP, "ZJ_WECOM_AGENT_ID", "1000002",
                     "ZJ_WECOM_SECRET", "s".repeat(43), "ZJ_WECOM_TOKEN", TOKEN, "ZJ_WECOM_AES_KEY", KEY,
                     "ZJ_WECOM_API_BASE", wecom.base()))) {
            long now = GatewayHarness.T0.getEpochSecond();
            WecomCallbacks callbacks = new WecomCallbacks(TOKEN, KEY, CORP);
            WecomCallbacks.Signed first = callbacks.xml(WecomCallbacks.eventXml(CORP, "zhaoliu", "enter_agent", now, ""), now);
            assertEquals(200, gw.post("/wecom/callback?" + first.query(), "text/xml", first.body()).status());
            awaitSend(wecom, "zhaoliu", "可以帮您");
            WecomCallbacks.Signed again = callbacks.xml(WecomCallbacks.eventXml(CORP, "zhaoliu", "enter_agent", now + 30, ""), now + 30);
            assertEquals(200, gw.post("/wecom/callback?" + again.query(), "text/xml", again.body()).status());
            eventually(() -> gw.get("/healthz").body().get("streams").get("inbound").get("pending").asLong(), p -> p == 0, "drained");
            assertEquals(1, sendsTo(wecom, "zhaoliu").size(), "greeted once, not every time the chat is opened");
        }
    }

    @Test
    void theTierOneGroup_isAnsweredThroughItsAppGroupChat() throws Exception {
        try (FakeWecom wecom = new FakeWecom();
             GatewayHarness gw = GatewayHarness.start("wecom-appchat", Map.of("ZJ_WECOM_CORP_ID", CORP, "ZJ_WECOM_AGENT_ID", "1000002",
                     "ZJ_WECOM_SECRET", "s".repeat(43), "ZJ_WECOM_API_BASE", wecom.base()))) {
            gw.say("g-tier1", "p-duoji", "@指尖服务 帮助");
            List<FakeWecom.Call> sent = eventually(() -> wecom.calls("/cgi-bin/appchat/send"), l -> !l.isEmpty(), "an appchat send");
            assertEquals("azha-tier1", sent.get(0).body().path("chatid").asText(), "the chat id bound in groups.yaml");
            assertTrue(sent.get(0).text().startsWith("@多吉 "), sent.get(0).text());
            assertTrue(gw.botSaid("g-tier1").isEmpty(), "a configured channel is not echoed into the simulator");
        }
    }

    static List<FakeWecom.Call> sendsTo(FakeWecom wecom, String userId) {
        return wecom.calls("/cgi-bin/message/send").stream()
                .filter(c -> c.body() != null && userId.equals(c.body().path("touser").asText())).toList();
    }

    static FakeWecom.Call awaitSend(FakeWecom wecom, String userId, String contains) {
        List<FakeWecom.Call> found = eventually(() -> sendsTo(wecom, userId), l -> l.stream().anyMatch(c -> c.text().contains(contains)),
                "a WeCom message to " + userId + " containing '" + contains + "'");
        return found.stream().filter(c -> c.text().contains(contains)).findFirst().orElseThrow();
    }
}
