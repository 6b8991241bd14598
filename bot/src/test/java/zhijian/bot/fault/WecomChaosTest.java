package zhijian.bot.fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.GatewayConfig;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;
import zhijian.message.OutboundMessage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * The WeCom API failing 30% of sends at random (busy, too many concurrent calls, HTTP 500) and rate-limiting each
 * member (45009), under a load of answers to staff through the WeCom app: in the end every outbound message is
 * either delivered or dead-lettered — on the outbound dead-letter stream, in the delivery ledger and in /metrics —
 * and none is dropped silently.
 */
class WecomChaosTest {
    static final String SEND = "/cgi-bin/message/send";
    /** Staff with a WeCom userid (seeds/roster.yaml): their private chat with the bot is the WeCom app. */
    static final List<String> STAFF = List.of("p-wang", "p-duoji", "p-liu", "p-basang", "p-tashi", "p-lhamo", "p-zhou", "p-norbu");
    static final int EACH = 25;

    @Test
    void wecomFailing30PercentAndRateLimiting_everyMessageIsDeliveredOrDeadLettered(@TempDir Path dir) throws Exception {
        // three sends at most, 1 s then 2 s apart; our own pace per member well above what this fake allows
        String yaml = Files.readString(GatewayHarness.configDir().resolve("gateway.yaml"), StandardCharsets.UTF_8);
        String changed = yaml.replaceFirst("(?m)^  max_attempts: 6 ", "  max_attempts: 3 ")
                .replaceFirst("(?m)^  backoff: 2s ", "  backoff: 1s ")
                .replaceFirst("(?m)^(    wecom_app: +\\{per_target:) 30,", "$1 1000,");
        assertEquals(3, changed.lines().filter(l -> !yaml.contains(l)).count(), "delivery.max_attempts, delivery.backoff and the "
                + "wecom_app limit found in config/gateway.yaml");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, changed, StandardCharsets.UTF_8);

        try (FakeWecom fake = new FakeWecom().chaos(20261122L, 0.30, 5, Duration.ofSeconds(1))) {
            Map<String, String> env = new HashMap<>(Map.of("ZJ_WECOM_CORP_ID", "ww0000000000000001", "ZJ_WECOM_AGENT_ID", "1000002",
                    "ZJ_WECOM_SECRET", "0123456789abcdefghij0123456789ABCDEFGHIJ", "ZJ_WECOM_TOKEN", "zhijianToken",
                    "ZJ_WECOM_AES_KEY", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "ZJ_WECOM_API_BASE", fake.base()));
            env.put("ZJ_CONFIG", config.toString());
            try (GatewayHarness gw = GatewayHarness.start("fault-wecom", env,
                    new GatewayConfig.Workers(2, 3, Duration.ofSeconds(2), 3, Duration.ofMillis(100)))) {
                assertEquals(3, gw.gateway.config().channels().delivery().maxAttempts());
                // the gateway's clock runs ten times as fast as the wall clock, so retries come due quickly
                Thread ticker = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        gw.clock.advance(Duration.ofMillis(200));
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "ticker");
                ticker.setDaemon(true);
                ticker.start();
                try {
                    for (int i = 0; i < EACH; i++) {
                        for (String p : STAFF) {
                            GatewayHarness.Response r = gw.postJson("/api/sim/messages", "{\"chat\":\"dm:" + p + "\",\"from\":\"" + p
                                    + "\",\"text\":\"帮助\",\"mentioned\":true}");
                            assertEquals(202, r.status(), r.raw());
                        }
                    }
                    UnifiedJedis redis = gw.gateway.redis();
                    RedisKeys keys = gw.gateway.keys();
                    // settled: both streams drained, nothing waiting, every ledger line final, and each message on
                    // the dead-letter stream has its DEAD line (the line is written right after the give-up script,
                    // whose alert event then goes round the inbound stream once more — hence drained again at the end)
                    eventually(Duration.ofSeconds(60), () -> gw.drained() && redis.zcard(keys.outboundDelayed()) == 0
                            && settled(redis, keys) && gw.drained(), d -> d, "every outbound message settled");
                    check(gw, fake, redis, keys);
                } finally {
                    ticker.interrupt();
                }
            }
        }
    }

    private static void check(GatewayHarness gw, FakeWecom fake, UnifiedJedis redis, RedisKeys keys) {
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byChat = new TreeMap<>();
        for (String k : redis.keys(keys.delivery("*"))) {
            Map<String, String> line = redis.hgetAll(k);
            byStatus.merge(line.get("status"), 1, Integer::sum);
            byChat.merge(line.get("chat"), 1, Integer::sum);
        }
        int sent = byStatus.getOrDefault("SENT", 0), dead = byStatus.getOrDefault("DEAD", 0);
        long deadAnswers = redis.xrange(keys.outboundDead(), "-", "+").stream()
                .filter(e -> !Json.read(e.getFields().get("m"), OutboundMessage.class).kind().equals(OutboundMessage.Kind.ALERT)).count();
        // each staff member got EACH answers; what their chats had beyond that are the alerts about messages given up
        int alerts = byChat.values().stream().mapToInt(Integer::intValue).sum() - STAFF.size() * EACH;
        long calls = fake.calls(SEND).size(), accepted = fake.succeeded().size();
        String metrics = gw.get("/metrics").raw();
        long sentMetric = sample(metrics, "zj_delivery_sent_total{channel=\"wecom_app\"}");
        long deadMetric = sample(metrics, "zj_dead_letters{stream=\"outbound\"}");
        System.out.println("[fault] WeCom failing 30% + 45009: " + STAFF.size() * EACH + " answers and " + alerts
                + " alerts to staff created = " + (sent + dead) + " outbound; sent " + sent + ", dead-lettered " + dead
                + " (" + deadAnswers + " answers, " + (dead - deadAnswers) + " alerts), silently dropped "
                + (STAFF.size() * EACH + alerts - sent - dead) + "; WeCom calls " + calls + " (failed " + (calls - accepted)
                + ", by errcode " + new TreeMap<>(fake.chaosFailures()) + "); /metrics sent " + sentMetric + ", dead " + deadMetric);

        for (String p : STAFF) assertTrue(byChat.getOrDefault("dm:" + p, 0) >= EACH, "a ledger line per answer to " + p);
        assertEquals(deadAnswers, alerts, "staff are alerted once per answer given up");
        assertEquals(Map.of("SENT", sent, "DEAD", dead), byStatus, "every ledger line is final: sent or dead, none retrying");
        assertEquals(STAFF.size() * EACH + alerts, sent + dead, "created = sent + dead-lettered: none dropped silently");
        assertTrue(sent > 0 && deadAnswers > 0, "some got through, some were given up");
        assertTrue(accepted >= sent && calls > accepted, "WeCom refused some calls and accepted every message sent");
        assertTrue(fake.chaosFailures().getOrDefault(45009, 0) > 0, "members were rate-limited: " + fake.chaosFailures());
        assertEquals(dead, redis.xlen(keys.outboundDead()), "each one given up is on the outbound dead-letter stream");
        assertEquals(sent, sentMetric, "/metrics counts the sends");
        assertEquals(dead, deadMetric, "/metrics counts the dead letters");
    }

    /** Every ledger line is SENT or DEAD, and there are as many DEAD lines as messages on the dead-letter stream. */
    private static boolean settled(UnifiedJedis redis, RedisKeys keys) {
        int dead = 0;
        for (String k : redis.keys(keys.delivery("*"))) {
            String status = redis.hget(k, "status");
            if ("DEAD".equals(status)) dead++;
            else if (!"SENT".equals(status)) return false;
        }
        return dead == redis.xlen(keys.outboundDead());
    }

    /** One sample's value in a Prometheus text page (0 when absent). */
    private static long sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).map(l -> (long) Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0L);
    }
}
