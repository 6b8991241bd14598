package zhijian.bot.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import zhijian.bot.GatewayConfig;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * The gateway on a real Redis Cluster of three masters (three redis-server processes started here), configured as an
 * operator would: {@code ZJ_REDIS_MODE=cluster}, one seed node, a hash-tagged prefix. Everything a station does runs
 * as on one server, and the gateway's keys all live in one slot, on one master.
 */
class RedisClusterTest {
    private static final String PREFIX = "{zjc}:";
    private static final String ADMIN = "cluster-admin-token";

    @Test
    void aStationRunsOnAThreeMasterCluster_withAllItsKeysInOneSlot(@TempDir Path tmp) throws Exception {
        try (LocalRedis redis = new LocalRedis(tmp, null)) {
            List<Integer> masters = redis.cluster(3);
            GatewayConfig config = GatewayHarness.config(null, PREFIX, tmp.resolve("data"), Map.of(
                    "ZJ_REDIS_MODE", "cluster", "ZJ_REDIS_NODES", LocalRedis.HOST + ":" + masters.get(1),
                    "ZJ_ADMIN_TOKEN", ADMIN));
            try (GatewayHarness gw = GatewayHarness.start(config, new MutableClock(GatewayHarness.T0))) {
                // a resident reports a hazard: a ticket, the bot's answer, the grid's officer told
                gw.say("g-deji", "r-yangjin", "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
                String id = ticketIdIn(gw.awaitBot("g-deji", "工单"));
                assertEquals(id, gw.ticket(id).get("ticket").get("id").asText());

                // a broadcast: preview, confirm, every in-scope group gets its copy
                String body = "近期有人冒充快递客服以“理赔”为名要求共享屏幕，这是诈骗，请勿操作！";
                gw.say("g-tier1", "p-duoji", "发布【反诈预警】章达村 阿扎乡小学：" + body);
                String preview = gw.awaitBot("g-tier1", "【发布预览】");
                var m = java.util.regex.Pattern.compile("B-\\d{8}-\\d{4}").matcher(preview);
                assertTrue(m.find(), preview);
                String bid = m.group();
                gw.say("g-tier1", "p-duoji", "确认 " + bid);
                String summary = gw.awaitBot("dm:p-duoji", "【发送完成】");
                assertTrue(summary.contains("已送达 5"), summary);
                assertTrue(gw.botSaid("g-zhangda").stream().anyMatch(s -> s.contains(body)), "the village group has it");
                gw.awaitDrained();

                // a word added to the fraud patterns (two keys changed at once, by a script on the slot's master)
                GatewayHarness.Response added = gw.send(HttpRequest.newBuilder(URI.create(gw.base() + "/api/admin/fraud/patterns"))
                        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"family\":\"kefu\",\"word\":\"理赔共享屏幕\",\"weight\":5}")));
                assertEquals(200, added.status(), added.raw());

                GatewayHarness.Response health = gw.get("/healthz");
                assertEquals(200, health.status(), health.raw());
                assertEquals("cluster", health.body().get("redis").get("mode").asText());
                assertEquals("ok", health.body().get("redis").get("status").asText());
                String metrics = gw.get("/metrics").raw();
                assertTrue(metrics.contains("\nzj_redis_up 1"), metrics);
                assertTrue(metrics.contains("\nzj_tickets_open 1"), metrics);
                assertTrue(metrics.contains("zj_dead_letters{stream=\"outbound\"} 0"), metrics);

                // the operator's view: every key of the gateway on one master, none on the other two
                List<Long> perMaster = new ArrayList<>();
                for (int port : masters) {
                    try (Jedis j = redis.client(port)) {
                        perMaster.add(j.dbSize());
                    }
                }
                assertEquals(2, perMaster.stream().filter(n -> n == 0).count(), "keys per master: " + perMaster);
                long total = perMaster.stream().mapToLong(Long::longValue).sum();
                int owner = masters.get(perMaster.indexOf(total));
                try (Jedis j = redis.client(owner)) {
                    int slot = (int) j.clusterKeySlot(PREFIX + "inbound");
                    assertEquals(total, j.clusterCountKeysInSlot(slot), "all " + total + " keys in the slot of " + PREFIX);
                }
            }
        }
    }
}
