package zhijian.bot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zhijian.bot.redis.EmbeddedRedis;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * Redis going away: the gateway refuses with 503 what it cannot make durable (so the sender retries), says so in
 * /healthz, and recovers by itself when Redis is back, losing nothing it had accepted.
 */
class RedisOutageTest {

    @Test
    void whileRedisIsDown_postsGet503_andEverythingAcceptedIsProcessedAfter(@TempDir Path data) throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start(data);
        int port = redis.port();
        try (GatewayHarness gw = GatewayHarness.start(GatewayHarness.config(redis.url(), "zj:", data), new MutableClock(GatewayHarness.T0))) {
            gw.say("g-zhangda", "r-ciren", "@指尖服务 办身份证要带什么");
            gw.awaitBot("g-zhangda", "户口簿");

            redis.close();
            GatewayHarness.Response refused = gw.postJson("/api/sim/messages",
                    "{\"chat\":\"g-deji\",\"from\":\"r-yangjin\",\"text\":\"@指尖服务 居住证怎么办\",\"id\":\"during-outage\"}");
            assertEquals(503, refused.status(), refused.raw());
            assertEquals("redis_unavailable", refused.body().get("error").asText());
            assertEquals(503, gw.get("/healthz").status());

            redis = EmbeddedRedis.start(data, port);
            eventually(() -> gw.get("/healthz").status(), s -> s == 200, "health to come back");
            // the client retries the refused message; it is accepted now and answered
            assertEquals(202, gw.postJson("/api/sim/messages",
                    "{\"chat\":\"g-deji\",\"from\":\"r-yangjin\",\"text\":\"@指尖服务 居住证怎么办\",\"id\":\"during-outage\"}").status());
            gw.awaitBot("g-deji", "居住证");
            // what was accepted before the outage is all still there
            assertTrue(gw.botSaid("g-zhangda").stream().anyMatch(s -> s.contains("户口簿")));
            eventually(Duration.ofSeconds(15), () -> gw.get("/healthz").body().get("streams").get("inbound").get("pending").asLong(),
                    p -> p == 0, "nothing left pending");
        } finally {
            redis.close();
        }
    }
}
