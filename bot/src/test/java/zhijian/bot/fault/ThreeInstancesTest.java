package zhijian.bot.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.GatewayProcess;
import zhijian.bot.testing.SimLoad;
import zhijian.bot.testing.TestRedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * Three gateway instances on one Redis (one consumer group), one killed with kill -9 while it holds entries it has
 * read and not acknowledged: the other two take those entries over once they have been idle for claim_idle
 * (XAUTOCLAIM), and every accepted message is processed exactly once.
 */
class ThreeInstancesTest {

    @Test
    void oneOfThreeKilled_itsPendingEntriesAreTakenOverByTheOthers_andNothingIsHandledTwice(@TempDir Path dir) throws Exception {
        String prefix = TestRedis.freshPrefix("fault-three");
        RedisKeys keys = new RedisKeys(prefix);
        UnifiedJedis redis = TestRedis.client();
        Map<String, String> env = GatewayProcess.env(TestRedis.url(), prefix, GatewayProcess.config(dir, Duration.ofSeconds(2)), dir);

        List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
        for (String name : List.of("three-a", "three-b", "three-c")) {
            int port = GatewayProcess.freePort();
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return GatewayProcess.start(name, port, env, dir);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<GatewayProcess> gws = starting.stream().map(CompletableFuture::join).toList();
        GatewayProcess a = gws.get(0);
        try {
            // the residents' posts go round the three (as nginx would); a try that fails goes to the next one
            SimLoad load = new SimLoad("three", 300, 6, Duration.ZERO, (i, attempt) -> gws.get((i + attempt) % 3).base()).start();

            Map<String, String> victims = killHoldingEntries(a, redis, keys);   // entry id -> message id
            long outboundHeld = StreamStats.pendingOf(redis, keys.outbound(), RedisKeys.DELIVERY_GROUP, "three-a-").size();
            System.out.println("[fault] three-a killed holding " + victims.size() + " inbound entries " + victims.keySet()
                    + " and " + outboundHeld + " outbound; " + load.accepted() + " messages accepted by then");

            load.await();
            eventually(Duration.ofSeconds(60), () -> GatewayHarness.drained(redis, keys), d -> d, "the streams to drain");
            load.tally("one of three instances kill -9", redis, keys).printAndCheck();

            assertEquals(List.of(), StreamStats.pendingOf(redis, keys.inbound(), RedisKeys.INBOX_GROUP, "three-a-"),
                    "nothing is left with the dead instance");
            String others = gws.get(1).output() + gws.get(2).output();
            for (var v : victims.entrySet()) {
                assertTrue(others.contains("took over entry " + v.getKey()), "entry " + v.getKey() + " taken over by b or c");
                assertTrue(load.acceptedIds().contains(v.getValue()), "the held message " + v.getValue() + " was one accepted");
            }
            long claimed = counter(gws.get(1), "zj_inbox_claimed_total") + counter(gws.get(2), "zj_inbox_claimed_total");
            System.out.println("[fault] taken over by b and c: " + claimed + " inbound entries");
            assertTrue(claimed >= victims.size(), "b and c count what they took over: " + claimed);
        } finally {
            for (GatewayProcess g : gws) g.close();
        }
    }

    /**
     * Waits until instance {@code a} holds inbound entries (read, not acknowledged), stops it where it is
     * (SIGSTOP, so the count cannot change under us), reads what it holds, and kills it (SIGKILL). Tries again if it
     * happened to hold nothing at that moment.
     */
    private static Map<String, String> killHoldingEntries(GatewayProcess a, UnifiedJedis redis, RedisKeys keys) {
        for (int round = 0; round < 50; round++) {
            eventually(Duration.ofSeconds(30), () -> StreamStats.pendingOf(redis, keys.inbound(), RedisKeys.INBOX_GROUP, "three-a-").size(),
                    n -> n > 0, "three-a to hold an entry");
            a.freeze();
            sleep(300);   // a script it had sent finishes; after that nothing of a's changes
            List<StreamPendingEntry> held = StreamStats.pendingOf(redis, keys.inbound(), RedisKeys.INBOX_GROUP, "three-a-");
            if (held.isEmpty()) {
                a.thaw();
                continue;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (StreamPendingEntry p : held) {
                List<StreamEntry> e = redis.xrange(keys.inbound(), p.getID(), p.getID(), 1);
                JsonNode m = Json.read(e.get(0).getFields().get("m"), JsonNode.class);
                out.put(p.getID().toString(), m.get("id").asText());
            }
            a.kill();
            assertFalse(a.alive());
            return out;
        }
        throw new AssertionError("three-a never held an entry when stopped");
    }

    /** A counter's value in an instance's /metrics (0 when absent). */
    private static long counter(GatewayProcess g, String name) {
        String metrics = g.get("/metrics").body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
