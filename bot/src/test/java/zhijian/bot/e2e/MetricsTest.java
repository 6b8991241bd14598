package zhijian.bot.e2e;

import org.junit.jupiter.api.Test;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.Metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/** /metrics as Prometheus scrapes it: well-formed lines, and numbers that follow what the gateway did. */
class MetricsTest {

    @Test
    void metricsAreWellFormedAndFollowTheWork() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("metrics")) {
            Map<String, Double> before = Metrics.scrape(gw);
            assertEquals(0.0, before.get("zj_tickets_open"));
            assertEquals(1.0, before.get("zj_redis_up"));

            String text = "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理";
            gw.say("g-deji", "r-yangjin", text, "m-1");
            gw.say("g-deji", "r-yangjin", text, "m-1");   // the client's retry of the same message
            gw.awaitBot("g-deji", "工单");
            gw.awaitDrained();
            Map<String, Double> after = Metrics.scrape(gw);
            assertEquals(1.0, after.get("zj_inbound_accepted_total{channel=\"sim\"}"), after.toString());
            assertEquals(1.0, after.get("zj_inbound_duplicates_total{channel=\"sim\"}"));
            assertEquals(1.0, after.get("zj_tickets_open"));
            assertTrue(after.get("zj_inbox_processed_total") >= 1, after.toString());
            assertTrue(after.getOrDefault("zj_delivery_sent_total{channel=\"sim\"}", 0.0) >= 2, "the answer and the notice");
            assertEquals(0.0, after.get("zj_dead_letters{stream=\"outbound\"}"));
            assertEquals(0.0, after.get("zj_stream_pending{stream=\"inbound\"}"));
            assertTrue(after.containsKey("zj_fraud_warnings_this_week"));
            assertEquals(0.0, after.get("zj_outbound_delayed{channel=\"bridge\"}"), "nothing waits for the channel of 德吉村's group");
            assertEquals(0.0, after.get("zj_tickets_overdue{deadline=\"sign\"}"));
            assertEquals(0.0, after.get("zj_tickets_overdue{deadline=\"finish\"}"));
            assertEquals(0.0, after.getOrDefault("zj_sla_breaches_total{deadline=\"sign\"}", 0.0));
        }
    }

    @Test
    void deadlinesNobodyMet_showAsBreachesAndOverdueTickets() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("metrics-sla")) {
            gw.say("g-deji", "r-yangjin", "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
            String id = GatewayHarness.ticketIdIn(gw.awaitBot("g-deji", "工单"));
            gw.awaitDrained();
            Instant finishDue = Instant.parse(gw.ticket(id).get("ticket").get("finishDue").asText());

            // nobody signs and nobody finishes: a minute past the finish deadline (and so past the sign deadline)
            gw.clock.advance(Duration.between(gw.clock.instant(), finishDue).plusMinutes(1));
            gw.gateway.fireDueTimers();
            eventually(() -> Metrics.scrape(gw).getOrDefault("zj_sla_breaches_total{deadline=\"finish\"}", 0.0),
                    n -> n == 1.0, "the missed finish deadline to be counted");
            gw.awaitDrained();
            Map<String, Double> m = Metrics.scrape(gw);
            assertEquals(1.0, m.get("zj_sla_breaches_total{deadline=\"sign\"}"), m.toString());
            assertEquals(1.0, m.get("zj_tickets_overdue{deadline=\"finish\"}"), "still open, past its finish deadline");
            assertEquals(0.0, m.get("zj_tickets_overdue{deadline=\"sign\"}"),
                    "the sign deadline it missed moved the ticket up the chain, with a new sign deadline");
            assertEquals(2.0, m.get("zj_tickets_escalated_total"), "one step up for the sign, one 督办 for the finish");
        }
    }
}
