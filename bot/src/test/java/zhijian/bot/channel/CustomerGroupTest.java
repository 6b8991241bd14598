package zhijian.bot.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.channel.WecomDeliveryTest.sentTo;
import static zhijian.bot.channel.WecomDeliveryTest.wecomEnv;
import static zhijian.bot.testing.Eventually.eventually;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * A residents' customer group (客户群) owned by an officer: the bot's messages to it become a mass-message template
 * for that one group, sent in the owner's name; WeCom sends it only after the owner confirms in the client, so the
 * ledger says WAITING_CONFIRMATION.
 */
class CustomerGroupTest {
    static final String TEMPLATE = "/cgi-bin/externalcontact/add_msg_template";
    static final String UNPAID_FREIGHT = "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下";

    private FakeWecom fake;
    private GatewayHarness gw;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        fake = new FakeWecom();
        gw = GatewayHarness.start(info.getTestMethod().orElseThrow().getName(), wecomEnv(fake));
    }

    @AfterEach
    void stop() {
        gw.close();
        fake.close();
    }

    @Test
    void theBotsReplyInTheTransportGroup_isATemplateInTheOwnersName_waitingForConfirmation() {
        gw.say("g-ent-transport", "r-ciren", UNPAID_FREIGHT);

        FakeWecom.Call t = eventually(() -> fake.calls(TEMPLATE), l -> !l.isEmpty(), "a group mass-message template").get(0);
        assertEquals("group", t.body().path("chat_type").asText());
        assertEquals("ZhaXiPingCuo", t.body().path("sender").asText(), "the group's owner, 扎西平措, sends it");
        assertEquals(1, t.body().path("chat_id_list").size());
        assertEquals("wrAZtransport0001", t.body().path("chat_id_list").get(0).asText(), "to that one group only");
        String id = ticketIdIn(t.text());
        assertTrue(t.text().startsWith("@次仁 "), "addressed to the resident who asked: " + t.text());
        assertTrue(t.text().contains("工单号 " + id), t.text());
        assertTrue(t.query().get("access_token").startsWith("TOKEN-"));

        List<Map<String, String>> lines = eventually(() -> gw.ledger("g-ent-transport"), l -> !l.isEmpty(), "the ledger");
        assertEquals(1, lines.size());
        assertEquals("WAITING_CONFIRMATION", lines.get(0).get("status"), "the owner has yet to confirm it in WeCom");
        assertEquals("wecom_customer_group", lines.get(0).get("channel"));
        assertTrue(lines.get(0).get("channelId").startsWith("msgGROUP"), "WeCom's msgid is kept: " + lines.get(0));

        // the owner is told about the ticket in his WeCom as well; the group itself is not simulated
        eventually(() -> sentTo(fake, "ZhaXiPingCuo"), l -> l.stream().anyMatch(c -> c.text().contains(id)), "the copy to 扎西平措");
        assertTrue(gw.botSaid("g-ent-transport").isEmpty(), "the reply went to WeCom, not to the simulator");
        assertEquals(1, fake.calls(TEMPLATE).size());
    }

    @Test
    void theMediatorsAnswer_isRelayedToTheGroup_alsoAsATemplate() {
        gw.say("g-ent-transport", "r-ciren", UNPAID_FREIGHT);
        String id = ticketIdIn(eventually(() -> fake.calls(TEMPLATE), l -> !l.isEmpty(), "the first template").get(0).text());
        // 白玛 (the village mediator) has no WeCom: she works in the simulator
        gw.awaitBot("dm:v-zd-med", "接单 " + id);
        gw.say("dm:v-zd-med", "v-zd-med", "接单 " + id);
        gw.awaitBot("dm:v-zd-med", "已签收");
        gw.say("dm:v-zd-med", "v-zd-med", "回复 " + id + " 次仁您好，明天上午我到车队调解");

        FakeWecom.Call relay = eventually(() -> fake.calls(TEMPLATE),
                l -> l.stream().anyMatch(c -> c.text().contains("明天上午我到车队调解")), "the answer relayed to the group")
                .stream().filter(c -> c.text().contains("明天上午我到车队调解")).findFirst().orElseThrow();
        assertEquals("ZhaXiPingCuo", relay.body().path("sender").asText());
        assertEquals("wrAZtransport0001", relay.body().path("chat_id_list").get(0).asText());
        assertTrue(relay.text().startsWith("@次仁"), relay.text());
        eventually(() -> gw.ledger("g-ent-transport"),
                l -> l.size() == fake.calls(TEMPLATE).size() && l.stream().allMatch(x -> "WAITING_CONFIRMATION".equals(x.get("status"))),
                "every template waiting for the owner's confirmation");
    }
}
