package zhijian.bot.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import zhijian.bot.GatewayConfig;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static zhijian.bot.testing.Eventually.eventually;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * The gateway on a master with a replica, found through a sentinel (real redis-server processes with a password),
 * configured as an operator would: {@code ZJ_REDIS_MODE=sentinel}, the sentinel's address, the master's name, the
 * password from the environment. The master dies; the sentinel promotes the replica; the gateway follows it and keeps
 * taking residents' messages, and what it stored before is still there.
 */
class RedisSentinelTest {
    private static final String MASTER = "zhijian";
    private static final String PASSWORD = "sentinel-test-pass-7f3a";

    @Test
    void aStationKeepsWorking_whenTheMasterDiesAndTheSentinelPromotesTheReplica(@TempDir Path tmp) throws Exception {
        try (LocalRedis redis = new LocalRedis(tmp, PASSWORD)) {
            int master = redis.server();
            int replica = redis.server("--replicaof", LocalRedis.HOST, String.valueOf(master));
            LocalRedis.await(Duration.ofSeconds(10), "the replica to catch up", () -> {
                try (Jedis j = redis.client(replica)) {
                    return j.info("replication").contains("master_link_status:up");
                }
            });
            int sentinel = redis.sentinel(MASTER, master);
            LocalRedis.await(Duration.ofSeconds(15), "the sentinel to see the replica", () -> {
                try (Jedis s = redis.sentinelClient(sentinel)) {
                    List<Map<String, String>> replicas = s.sentinelReplicas(MASTER);
                    return replicas.size() == 1 && replicas.get(0).get("flags").equals("slave")
                            && "ok".equals(replicas.get(0).get("master-link-status"));
                }
            });

            GatewayConfig config = GatewayHarness.config(null, "zjs:", tmp.resolve("data"), Map.of("ZJ_REDIS_MODE", "sentinel",
                    "ZJ_REDIS_NODES", LocalRedis.HOST + ":" + sentinel, "ZJ_REDIS_MASTER", MASTER, "ZJ_REDIS_PASSWORD", PASSWORD));
            try (GatewayHarness gw = GatewayHarness.start(config, new MutableClock(GatewayHarness.T0))) {
                gw.say("g-deji", "r-yangjin", "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
                String before = ticketIdIn(gw.awaitBot("g-deji", "工单"));
                gw.awaitDrained();
                assertEquals("sentinel", gw.get("/healthz").body().get("redis").get("mode").asText());

                try (Jedis j = redis.client(master)) {
                    assertEquals(1, j.waitReplicas(1, 5000), "the replica has everything so far (replication is asynchronous)");
                }
                // the master's machine dies; the sentinel notices within a second and promotes the replica
                redis.kill(master);
                try (Jedis s = redis.sentinelClient(sentinel)) {
                    LocalRedis.await(Duration.ofSeconds(20), "the sentinel to promote the replica",
                            () -> s.sentinelGetMasterAddrByName(MASTER).get(1).equals(String.valueOf(replica)));
                }
                try (Jedis j = redis.client(replica)) {
                    assertEquals("master", j.role().get(0));
                }
                eventually(() -> gw.get("/healthz").status(), st -> st == 200, "the gateway to reach the new master");
                // after the failover: a new report becomes a ticket, and the one from before is still there
                gw.say("g-zhangda", "r-ciren", "路边的变压器冒烟了，还有火星，很危险，请赶快来处理");
                String after = ticketIdIn(gw.awaitBot("g-zhangda", "工单"));
                assertNotEquals(before, after);
                assertEquals(before, gw.ticket(before).get("ticket").get("id").asText());
                gw.awaitDrained();
                GatewayHarness.Response health = gw.get("/healthz");
                assertEquals(200, health.status(), health.raw());
                assertEquals("ok", health.body().get("redis").get("status").asText());
            }
        }
    }
}
