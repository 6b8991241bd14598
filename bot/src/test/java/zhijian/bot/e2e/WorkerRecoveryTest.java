package zhijian.bot.e2e;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadGroupParams;
import zhijian.bot.GatewayConfig;
import zhijian.bot.Json;
import zhijian.bot.queue.StreamWorker;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;
import zhijian.message.InboundMessage;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static zhijian.bot.testing.Eventually.eventually;

/** A worker that died mid-message leaves it pending; a live one takes it over and it is handled exactly once. */
class WorkerRecoveryTest {

    @Test
    void anEntryADeadWorkerLeft_isTakenOver_andHandledOnce() throws Exception {
        String prefix = TestRedis.freshPrefix("recovery");
        RedisKeys keys = new RedisKeys(prefix);
        UnifiedJedis redis = TestRedis.client();
        StreamWorker.ensureGroup(redis, keys.inbound(), RedisKeys.INBOX_GROUP);
        InboundMessage m = new InboundMessage("sim-dead-1", "sim", "dead-1", "g-ent-transport", "r-ciren", "次仁",
                "老板欠我运费三千八一直不给，帮忙调解", false, GatewayHarness.T0);
        redis.xadd(keys.inbound(), StreamEntryID.NEW_ENTRY, Map.of("t", "msg", "m", Json.write(m)));
        // a worker of an instance that then died read it and never acknowledged it
        redis.xreadGroup(RedisKeys.INBOX_GROUP, "dead-instance-in0", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(keys.inbound(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertEquals(1, redis.xpending(keys.inbound(), RedisKeys.INBOX_GROUP).getTotal());

        GatewayConfig config = GatewayHarness.config(TestRedis.url(), prefix, null);
        try (GatewayHarness gw = GatewayHarness.start(config, new MutableClock(GatewayHarness.T0))) {
            gw.awaitBot("g-ent-transport", "工单号");
            eventually(() -> redis.xpending(keys.inbound(), RedisKeys.INBOX_GROUP).getTotal(), n -> n == 0, "nothing pending");
            assertEquals(1, gw.get("/api/tickets").body().get("tickets").size(), "one ticket, not two");
            assertEquals(1, gw.botSaid("g-ent-transport").size());
        }
    }

    @Test
    void anEntryThatKeepsFailing_goesToTheDeadLetterStream() throws Exception {
        String prefix = TestRedis.freshPrefix("poison");
        RedisKeys keys = new RedisKeys(prefix);
        UnifiedJedis redis = TestRedis.client();
        StreamWorker.ensureGroup(redis, keys.inbound(), RedisKeys.INBOX_GROUP);
        redis.xadd(keys.inbound(), StreamEntryID.NEW_ENTRY, Map.of("t", "msg", "m", "{this is not a message"));

        try (GatewayHarness gw = GatewayHarness.start(GatewayHarness.config(TestRedis.url(), prefix, null),
                new MutableClock(GatewayHarness.T0))) {
            // claim_idle is 2 s and max_attempts 3 in tests
            eventually(Duration.ofSeconds(30), () -> redis.exists(keys.inboundDead()) ? redis.xlen(keys.inboundDead()) : 0L,
                    n -> n == 1, "the entry in the dead-letter stream");
            assertEquals(0, redis.xpending(keys.inbound(), RedisKeys.INBOX_GROUP).getTotal());
            assertEquals(1, gw.get("/healthz").body().get("streams").get("inboundDead").asLong(), "visible in /healthz");
            // the gateway goes on working
            gw.say("g-zhangda", "r-ciren", "@指尖服务 办身份证要带什么");
            gw.awaitBot("g-zhangda", "户口簿");
        }
    }
}
