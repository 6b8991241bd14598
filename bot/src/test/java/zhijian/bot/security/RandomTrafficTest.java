package zhijian.bot.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.GatewayHarness;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random chat — real command words, ids good and bad, emoji, control characters, long runs — from residents, staff
 * and strangers through the real gateway. Afterwards nothing is stuck or dead-lettered, and the stored state holds
 * together: every ticket in an index exists and every ticket is in the indexes it belongs to. Seeded
 * ({@code -Dzj.fuzz.seed=…}); the seed is in every failure.
 */
class RandomTrafficTest {
    private static final List<String> WORDS = List.of("接单 ", "回复 ", "转派 ", "退单 ", "办结 ", "查询 ", "补充 ", "取消预约 ",
            "我的工单", "我的预约", "帮助", "控制台", "5", "三星", "发布【防火提示】全乡：", "发布【寻人寻物】章达村：寻人：", "确认 ",
            "取消 ", "更正 ", "进度 ", "已找到 ", "收到 ", "确认诈骗 ", "误报 ", "这是诈骗吗", "我要举报", "救命", "电线杆倒了",
            "牦牛吃了青稞请调解", "办身份证要带什么", "预约办身份证明天上午", "AZ-20261122-0001", "AZ-20261122-0002",
            "az-20261122-0003", "B-20261122-0001", "F-20261122-0001", "AZY-20261122-0001", "AZ-2026-1", "：", "，", "【", "】",
            "😀", "👨‍👩‍👧", "\u200b", "\u202e", "\t", "\n", "\u0007", "ｅ", "１２３", " ", "13912345678", "http://t.cn/x");
    private static final List<String[]> SPEAKERS = List.of(new String[] {"g-zhangda", "r-ciren"}, new String[] {"g-zhangda", "r-lhakpa"},
            new String[] {"g-zhangda", "v-zd-gw"}, new String[] {"g-zhangda", "p-tashi"}, new String[] {"g-tier1", "p-wang"},
            new String[] {"g-tier1", "p-tashi"}, new String[] {"dm:r-ciren", "r-ciren"}, new String[] {"dm:p-tashi", "p-tashi"},
            new String[] {"dm:v-zd-gw", "v-zd-gw"}, new String[] {"dm:p-wang", "p-wang"}, new String[] {"g-deji", "stranger-1"});

    @Test
    void randomChat_leavesNothingStuck_andTheStoreConsistent() throws Exception {
        String s = System.getProperty("zj.fuzz.seed");
        long seed = s == null || s.isBlank() ? 20261122L : Long.parseLong(s.strip());
        Random r = new Random(seed);
        try (GatewayHarness gw = GatewayHarness.start("random-traffic")) {
            for (int i = 0; i < 160; i++) {
                String[] who = SPEAKERS.get(r.nextInt(SPEAKERS.size()));
                StringBuilder text = new StringBuilder(r.nextInt(4) == 0 ? "@指尖服务 " : "");
                for (int k = 1 + r.nextInt(6); k > 0; k--) text.append(WORDS.get(r.nextInt(WORDS.size())));
                if (r.nextInt(20) == 0) text.append("救".repeat(1500));
                if (text.toString().isBlank()) text.append("？");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("chat", who[0]);
                body.put("from", who[1]);
                body.put("text", text.toString());
                body.put("mentioned", r.nextBoolean());
                GatewayHarness.Response res = gw.postJson("/api/sim/messages", Json.write(body));
                assertTrue(res.status() == 202 || res.status() == 200 || res.status() == 413,
                        "seed " + seed + ", message " + i + " " + Json.write(body) + ": " + res.status() + " " + res.raw());
            }
            gw.awaitDrained();
            UnifiedJedis redis = gw.gateway.redis();
            RedisKeys keys = gw.gateway.keys();
            String why = "seed " + seed + " (-Dzj.fuzz.seed=" + seed + ")";
            assertTrue(!redis.exists(keys.inboundDead()) || redis.xlen(keys.inboundDead()) == 0,
                    why + ": no message made the dispatcher fail: " + (redis.exists(keys.inboundDead())
                            ? redis.xrange(keys.inboundDead(), "-", "+") : ""));
            assertEquals(0, gw.get("/healthz").body().get("streams").get("inbound").get("pending").asLong(), why);

            Set<String> indexed = new HashSet<>(redis.zrange(keys.tickets(), 0, -1));
            Set<String> stored = new HashSet<>();
            for (String k : redis.keys(keys.ticket("*"))) if (!k.endsWith(":events")) stored.add(k.substring(keys.ticket("").length()));
            assertTrue(indexed.size() >= 3, why + ": the chat made tickets to check, not just noise: " + indexed);
            assertEquals(stored, indexed, why + ": every stored ticket is indexed and every indexed ticket is stored");
            assertTrue(indexed.containsAll(redis.smembers(keys.ticketsOpen())), why + ": open tickets exist");
            for (String id : indexed) {
                JsonNode t = gw.ticket(id).get("ticket");
                boolean open = !List.of("CLOSED", "FOLLOWED_UP", "RATED").contains(t.get("state").asText());
                assertEquals(open, redis.sismember(keys.ticketsOpen(), id), why + ": " + id + " open index, state " + t.get("state"));
                if (open) {
                    assertTrue(redis.sismember(keys.ticketsByAssignee(t.get("assignee").asText()), id), why + ": " + id + " in its holder's queue");
                }
                assertTrue(redis.exists(keys.ticketEvents(id)), why + ": " + id + " has its history");
            }
        }
    }
}
