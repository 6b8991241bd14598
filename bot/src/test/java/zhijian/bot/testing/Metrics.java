package zhijian.bot.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scrapes /metrics as Prometheus would, checking every line on the way: series name with labels → value. */
public final class Metrics {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN)$");

    private Metrics() {}

    public static Map<String, Double> scrape(GatewayHarness gw) {
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
