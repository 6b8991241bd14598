package zhijian.bot.e2e;

import org.junit.jupiter.api.Test;
import zhijian.bot.testing.GatewayHarness;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics as Prometheus scrapes it: well-formed lines, and numbers that follow what the gateway did. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN)$");

    @Test
    void metricsAreWellFormedAndFollowTheWork() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("metrics")) {
            Map<String, Double> before = scrape(gw);
            assertEquals(0.0, before.get("zj_tickets_open"));
            assertEquals(1.0, before.get("zj_redis_up"));

            gw.say("g-deji", "r-yangjin", "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
            gw.awaitBot("g-deji", "工单");
            gw.awaitDrained();
            Map<String, Double> after = scrape(gw);
            assertEquals(1.0, after.get("zj_tickets_open"));
            assertTrue(after.get("zj_inbox_processed_total") >= 1, after.toString());
            assertTrue(after.getOrDefault("zj_delivery_sent_total{channel=\"sim\"}", 0.0) >= 2, "the answer and the notice");
            assertEquals(0.0, after.get("zj_dead_letters{stream=\"outbound\"}"));
            assertEquals(0.0, after.get("zj_stream_pending{stream=\"inbound\"}"));
            assertTrue(after.containsKey("zj_fraud_warnings_this_week"));
        }
    }

    private static Map<String, Double> scrape(GatewayHarness gw) {
        GatewayHarness.Response r = gw.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> out = new HashMap<>();
        String family = null;
        for (String line : r.raw().split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                // a family's HELP and TYPE come together, right before its samples
                String name = line.substring(7).split(" ")[0];
                if (line.startsWith("# TYPE ") && family != null && family.startsWith("#help:")) {
                    assertEquals(family.substring(6), name, "HELP and TYPE of different families: " + line);
                }
                family = line.startsWith("# HELP ") ? "#help:" + name : name;
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            assertEquals(family, m.group(1), "a sample away from its family's TYPE line: " + line);
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            assertFalse(out.containsKey(key), "a series twice: " + key);
            out.put(key, Double.parseDouble(m.group(3)));
        }
        return out;
    }
}
