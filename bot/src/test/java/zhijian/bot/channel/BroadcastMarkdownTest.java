package zhijian.bot.channel;

import org.junit.jupiter.api.Test;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * A broadcast's copies are adapted to each channel: WeCom's group chats and app messages take markdown (the header
 * becomes a heading); the residents' groups get plain text under a 【】 header.
 */
class BroadcastMarkdownTest {
    @Test
    void aMissingPersonAlert_goesAsMarkdownToWecom_andAsPlainTextToTheVillageGroups() throws Exception {
        try (FakeWecom wecom = new FakeWecom();
             GatewayHarness gw = GatewayHarness.start("bc-markdown", WecomDeliveryTest.wecomEnv(wecom))) {
            gw.say("dm:p-tashi", "p-tashi", "发布【寻人】章达村：章达村村民丹增，男，70岁，今天上午出门后未归。");
            FakeWecom.Call sent = eventually(() -> wecom.calls("/cgi-bin/message/send").stream()
                    .filter(c -> c.text().contains("【已发出】")).findFirst().orElse(null), c -> c != null, "the officer told");
            String id = BroadcastIds.in(sent.text());
            assertEquals("text", sent.body().path("msgtype").asText(), "replies to people stay text");

            // the village groups (the bridge is not configured here: the simulator shows them) read plain text
            String village = gw.awaitBot("g-zhangda", "丹增");
            assertTrue(village.startsWith("【寻人】阿扎乡派出所\n"), village);

            // two hours on, the county: the tier-1 app group chat and the county heads, as markdown
            gw.clock.advance(Duration.ofMinutes(31));
            gw.gateway.fireDueTimers();
            gw.clock.advance(Duration.ofMinutes(90));
            gw.gateway.fireDueTimers();
            FakeWecom.Call chat = eventually(() -> wecom.calls("/cgi-bin/appchat/send").stream()
                    .filter(c -> c.text().contains(id)).findFirst().orElse(null), c -> c != null, "the tier-1 group");
            assertEquals("markdown", chat.body().path("msgtype").asText(), chat.body().toString());
            assertEquals("azha-tier1", chat.body().path("chatid").asText());
            assertTrue(chat.text().startsWith("### 【寻人】阿扎乡派出所\n【协查】"), chat.text());
            for (String head : List.of("ZhangZhiQiang", "GeSang")) {
                FakeWecom.Call dm = eventually(() -> wecom.calls("/cgi-bin/message/send").stream()
                        .filter(c -> c.body().path("touser").asText().equals(head) && c.text().contains(id)).findFirst()
                        .orElse(null), c -> c != null, "county head " + head);
                assertEquals("markdown", dm.body().path("msgtype").asText(), dm.body().toString());
            }
        }
    }

    /** The broadcast id in a text. */
    static final class BroadcastIds {
        static String in(String text) {
            var m = java.util.regex.Pattern.compile("B-\\d{8}-\\d{4}").matcher(text);
            if (!m.find()) throw new AssertionError("no broadcast id in: " + text);
            return m.group();
        }
    }
}
