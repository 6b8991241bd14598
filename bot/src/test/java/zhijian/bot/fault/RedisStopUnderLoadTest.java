package zhijian.bot.fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zhijian.bot.redis.EmbeddedRedis;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.SimLoad;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * Redis going away in the middle of a load and coming back on the same port and append-only file: while it is away
 * the gateway answers 503 (so the sender retries, as WeChat does), it recovers by itself, and nothing it accepted is
 * lost or processed twice. Once with a clean stop (SHUTDOWN, as systemd stops redis-server) and once with kill -9 of
 * redis-server (appendfsync everysec: what was written is in the operating system's cache, which a process kill does
 * not lose; a power cut could lose up to a second — see docs/FAULTS.md).
 */
class RedisStopUnderLoadTest {

    @Test
    void redisShutDownMidLoad_refusedWith503_andNothingAcceptedIsLost(@TempDir Path data) throws Exception {
        run("redis stopped (SHUTDOWN)", data, EmbeddedRedis::close);
    }

    @Test
    void redisKilledMidLoad_refusedWith503_andNothingAcceptedIsLost(@TempDir Path data) throws Exception {
        run("redis-server kill -9", data, redis -> {
            try {
                long pid = Long.parseLong(Files.readString(data.resolve("redis/redis-server.pid"), StandardCharsets.UTF_8).strip());
                ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
                p.destroyForcibly();
                p.onExit().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void run(String fault, Path data, Consumer<EmbeddedRedis> stop) throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start(data);
        int port = redis.port();
        try (GatewayHarness gw = GatewayHarness.start(GatewayHarness.config(redis.url(), "zj:", data), new MutableClock(GatewayHarness.T0))) {
            SimLoad load = new SimLoad("outage", 300, 4, Duration.ofMillis(5), (i, attempt) -> gw.base()).start();
            eventually(Duration.ofSeconds(60), load::accepted, n -> n >= 100, "a third of the load accepted");
            stop.accept(redis);
            int acceptedBefore = load.accepted();
            eventually(load::refused, n -> n >= 20, "posts to be refused while Redis is away");
            assertEquals(503, gw.get("/healthz").status(), "/healthz says so");

            redis = EmbeddedRedis.start(data, port);
            load.await();
            eventually(Duration.ofSeconds(60), gw::drained, d -> d, "the streams to drain");
            System.out.println("[fault] " + fault + " after " + acceptedBefore + " accepted; refused by status "
                    + load.refusedByStatus());
            SimLoad.Tally t = load.tally(fault, gw.gateway.redis(), gw.gateway.keys()).printAndCheck();
            assertEquals(Map.of(503, t.refused()), load.refusedByStatus(), "refused with 503 only, so the sender retries");
            assertEquals(0, t.unanswered(), "the gateway itself stayed up and answered every post");
            assertTrue(t.refused() > 0);
        } finally {
            redis.close();
        }
    }
}
