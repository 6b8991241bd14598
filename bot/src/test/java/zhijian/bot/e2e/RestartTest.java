package zhijian.bot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zhijian.bot.GatewayConfig;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * With no Redis URL the gateway starts its own redis-server with an append-only file under the data dir: stopping and
 * starting again keeps the tickets, their pending deadlines and the matrix.
 */
class RestartTest {

    @Test
    void aRestart_keepsTicketsAndPendingDeadlines(@TempDir Path data) throws Exception {
        GatewayConfig config = GatewayHarness.config(null, "zj:", data);
        MutableClock clock = new MutableClock(GatewayHarness.T0);
        String id;
        try (GatewayHarness first = GatewayHarness.start(config, clock)) {
            assertTrue(first.gateway.embeddedRedis() != null, "no URL: an embedded redis-server");
            first.say("g-ent-transport", "r-ciren", "老板欠我运费三千八一直不给，帮忙调解一下");
            id = ticketIdIn(first.awaitBot("g-ent-transport", "工单号"));
            first.awaitBot("dm:v-zd-med", id);
        }
        assertTrue(Files.exists(data.resolve("redis")), "the append-only file lives under the data dir");

        try (GatewayHarness second = GatewayHarness.start(config, clock)) {
            assertEquals("DISPATCHED", second.ticket(id).get("ticket").get("state").asText(), "the ticket survived");
            assertTrue(second.transcript("g-ent-transport").size() >= 2, "the conversation survived");

            clock.advance(Duration.ofHours(2).plusMinutes(1));   // the mediator's sign deadline passes after the restart
            String up = second.awaitBot("dm:p-tashi", "【升级】");
            assertTrue(up.contains(id), up);
            assertEquals("p-tashi", second.ticket(id).get("ticket").get("assignee").asText());

            // new tickets go on numbering where the first run stopped
            second.say("g-ent-transport", "r-dawa", "车队老板拖欠我的工钱两个月了，请帮忙调解");
            String next = ticketIdIn(second.awaitBot("g-ent-transport", "@达瓦次仁 已受理"));
            assertEquals("AZ-20261122-0002", next);
        }
    }
}
