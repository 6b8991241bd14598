package zhijian.bot.fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.GatewayProcess;
import zhijian.bot.testing.SimLoad;
import zhijian.bot.testing.TestRedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * The gateway killed with kill -9 in the middle of a load and started again: residents whose posts were refused or
 * went unanswered meanwhile send again (as WeChat retries), and every message accepted is processed exactly once —
 * one ticket and one answer each, none missing, none twice.
 */
class GatewayKillTest {

    @Test
    void killedMidLoad_andRestarted_everyAcceptedMessageIsProcessedExactlyOnce(@TempDir Path dir) throws Exception {
        String prefix = TestRedis.freshPrefix("fault-kill");
        RedisKeys keys = new RedisKeys(prefix);
        UnifiedJedis redis = TestRedis.client();
        Map<String, String> env = GatewayProcess.env(TestRedis.url(), prefix, GatewayProcess.config(dir, Duration.ofSeconds(2)), dir);
        int port = GatewayProcess.freePort();

        GatewayProcess first = GatewayProcess.start("kill-a", port, env, dir);
        SimLoad load = new SimLoad("kill", 300, 4, Duration.ofMillis(10), (i, attempt) -> first.base()).start();
        long pendingAtKill;
        try {
            eventually(Duration.ofSeconds(60), load::accepted, n -> n >= 100, "a third of the load accepted");
            first.kill();
            pendingAtKill = StreamStats.pending(redis, keys.inbound(), RedisKeys.INBOX_GROUP);
            System.out.println("[fault] killed with " + load.accepted() + " accepted, " + pendingAtKill
                    + " read and not acknowledged, " + StreamStats.unread(redis, keys.inbound(), RedisKeys.INBOX_GROUP) + " unread");
        } finally {
            first.close();
        }
        assertTrue(load.accepted() < 300, "killed mid-load");

        try (GatewayProcess second = GatewayProcess.start("kill-a", port, env, dir)) {
            load.await();
            eventually(Duration.ofSeconds(60), () -> GatewayHarness.drained(redis, keys), d -> d, "the streams to drain");
            SimLoad.Tally t = load.tally("gateway kill -9", redis, keys).printAndCheck();
            assertTrue(t.unanswered() > 0, "posts went unanswered while the gateway was down");
            System.out.println("[fault] retries answered 'already accepted': " + load.duplicates());
        }
    }
}
