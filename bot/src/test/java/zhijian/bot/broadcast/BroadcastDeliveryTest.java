package zhijian.bot.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zhijian.bot.testing.FakeBridge;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.broadcast.BroadcastStoriesTest.idIn;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * Broadcasts through the personal-WeChat bridge (a fake that fails the way the real one does) at the bridge's pace:
 * a channel failing half its sends, a Cancel that overtakes copies still waiting for their turn, two gateway
 * instances sharing one fan-out, and publishing from the console API.
 */
class BroadcastDeliveryTest {
    static final String TOKEN = "bridge-secret-token-bc";
    /** The twelve tier-2 groups on the bridge, by the names the bridge knows them by. */
    static final Map<String, String> BRIDGE_ROOMS = Map.ofEntries(Map.entry("g-zhangda", "章达村村民群"),
            Map.entry("g-zhangda-1", "章达村一组群"), Map.entry("g-azha", "阿扎村村民群"), Map.entry("g-deji", "德吉村村民群"),
            Map.entry("g-pare", "帕热村村民群"), Map.entry("g-xuega", "雪嘎村村民群"), Map.entry("g-qionguo", "琼果村村民群"),
            Map.entry("g-qionguo-2", "琼果村二组群"), Map.entry("g-ent-gravel", "阿扎砂石厂职工群"),
            Map.entry("g-venue-market", "阿扎乡农贸市场商户群"), Map.entry("g-parents-school", "阿扎乡完小家长群"),
            Map.entry("g-parents-kinder", "章达村幼儿园家长群"));

    private final List<GatewayHarness> gateways = new ArrayList<>();
    private FakeBridge fake;

    @AfterEach
    void stop() {
        gateways.forEach(GatewayHarness::close);
        if (fake != null) fake.close();
    }

    private GatewayHarness start(String name, Map<String, String> more) throws Exception {
        fake = new FakeBridge(TOKEN);
        Map<String, String> env = new HashMap<>(Map.of("ZJ_BRIDGE_TOKEN", TOKEN, "ZJ_BRIDGE_URL", fake.base()));
        env.putAll(more);
        GatewayHarness gw = GatewayHarness.start("bcd-" + name, env);
        gateways.add(gw);
        return gw;
    }

    private static JsonNode broadcast(GatewayHarness gw, String id) {
        GatewayHarness.Response r = gw.get("/api/broadcasts/" + id);
        assertEquals(200, r.status(), r.raw());
        return r.body();
    }

    private static boolean settled(JsonNode b) {
        for (JsonNode w : b.get("waveCounts")) if (w.get("pending").asInt() > 0) return false;
        return b.get("waveCounts").size() > 0;
    }

    /** Moves the clock on in steps (the bridge's pace, retry backoffs) until every chat of the broadcast is settled. */
    private static JsonNode runUntilSettled(GatewayHarness gw, MutableClock clock, String id) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            JsonNode b = broadcast(gw, id);
            if (settled(b) && gw.drained()) return b;
            clock.advance(Duration.ofSeconds(5));
            gw.gateway.fireDueTimers();
            Thread.sleep(15);
        }
        throw new AssertionError("broadcast " + id + " did not settle: " + broadcast(gw, id));
    }

    private long copiesTo(String room, String text) {
        return fake.sent().stream().filter(s -> s.to().equals(room) && s.content().contains(text)).count();
    }

    @Test
    void aChannelFailingHalfItsSends_endsWithEveryGroupSentOrListedAsFailed() throws Exception {
        GatewayHarness gw = start("half", Map.of());
        fake.failRandomly(0.5, 20261122L);
        fake.missing("琼果村二组群");   // the bridge's account is not in this group: no retry helps
        gw.say("g-tier1", "p-wang", "发布【紧急预警】全乡：今夜有暴雨，沿河住户请转移到村委会。");
        String id = idIn(gw.awaitBot("g-tier1", "【已发出】"));
        JsonNode b = runUntilSettled(gw, gw.clock, id);

        int sent = 0, failed = 0;
        List<String> failedNames = new ArrayList<>();
        for (JsonNode c : b.get("waves").get(0).get("chats")) {
            String chat = c.get("chat").asText(), status = c.get("status").asText();
            String room = BRIDGE_ROOMS.get(chat);
            if (status.equals("SENT")) {
                sent++;
                if (room != null) assertEquals(1, copiesTo(room, "今夜有暴雨"), room + " got it exactly once");
            } else {
                assertEquals("FAILED", status, "every group ends sent or failed: " + c);
                assertFalse(c.get("error").asText().isBlank(), "with the reason: " + c);
                failed++;
                failedNames.add(c.get("name").asText());
                if (room != null) assertEquals(0, copiesTo(room, "今夜有暴雨"), room);
            }
        }
        assertEquals(14, sent + failed, "nothing unaccounted for");
        assertTrue(failedNames.contains("琼果村二组群"), failedNames.toString());
        assertTrue(sent >= 10, "retries get most through: " + sent);
        // the publisher hears once, with every group that failed named
        String summary = gw.awaitBot("dm:p-wang", "【发送完成】");
        assertEquals(1, gw.botSaid("dm:p-wang").stream().filter(s -> s.contains("【发送完成】")).count());
        assertTrue(summary.contains("已送达 " + sent), summary);
        for (String name : failedNames) assertTrue(summary.contains(name), name + " is listed: " + summary);
        // the duty officer is not paged group by group for a broadcast's copies
        assertTrue(gw.botSaid("dm:" + gw.dutyOfficer()).stream().noneMatch(s -> s.contains("【发送失败】")));
    }

    @Test
    void aCancel_withdrawsCopiesStillWaitingForTheirTurn_andGoesOnlyWhereTheAlertWent() throws Exception {
        GatewayHarness gw = start("withdraw", Map.of());
        gw.say("g-tier1", "p-wang", "发布【消防】全乡：明天上午组织消防演练。");
        String id = idIn(gw.awaitBot("g-tier1", "【发布预览】"));
        gw.say("g-tier1", "p-wang", "确认 " + id);
        // the bridge takes 20 a minute: its first copy goes now, the rest wait their turn, 3 s apart
        eventually(() -> fake.sent().size(), n -> n == 1, "the first copy through the bridge");
        gw.awaitDrained();
        String first = fake.sent().get(0).to();

        gw.say("g-tier1", "p-wang", "取消 " + id + " 演练改期");
        gw.awaitBot("g-tier1", "已撤销");
        // without waiting for the withdrawn copies' turns: the cancel goes at once, the copies waiting are settled
        eventually(() -> copiesTo(first, "现已撤销"), n -> n == 1, "the cancel, before any more of the bridge's turns");
        gw.awaitBot("dm:p-wang", "【发送完成】");
        gw.say("g-tier1", "p-wang", "发布【紧急预警】阿扎村：阿扎村今晚停水，请提前储水。");
        eventually(() -> copiesTo("阿扎村村民群", "今晚停水"), n -> n == 1, "an urgent alert right after, not behind them");
        JsonNode b = runUntilSettled(gw, gw.clock, id);

        assertEquals(1, fake.sent().stream().filter(s -> s.content().contains("消防演练")).count(),
                "no copy waiting its turn went out after the cancel: " + fake.sent());
        List<String> cancels = fake.sent().stream().filter(s -> s.content().contains("现已撤销")).map(FakeBridge.Sent::to).toList();
        assertEquals(List.of(first), cancels, "the cancel goes only where the alert went");
        JsonNode alert = b.get("waveCounts").get(0), cancel = b.get("waveCounts").get(1);
        assertEquals(11, alert.get("byStatus").get("WITHDRAWN").asInt(), alert.toString());
        assertEquals(3, alert.get("delivered").asInt(), "one bridge group and the two customer groups: " + alert);
        assertEquals(3, cancel.get("delivered").asInt(), cancel.toString());
        assertEquals(11, cancel.get("byStatus").get("WITHDRAWN").asInt(), cancel.toString());
    }

    @Test
    void anUpdate_replacesCopiesStillWaiting_everyGroupGetsTheCurrentTextOnce() throws Exception {
        GatewayHarness gw = start("update", Map.of());
        gw.say("g-tier1", "p-wang", "发布【消防】全乡：明天上午九点组织消防演练。");
        String id = idIn(gw.awaitBot("g-tier1", "【发布预览】"));
        gw.say("g-tier1", "p-wang", "确认 " + id);
        eventually(() -> fake.sent().size(), n -> n == 1, "the first copy through the bridge");
        String first = fake.sent().get(0).to();
        gw.say("g-tier1", "p-wang", "更正 " + id + " 演练改到明天下午三点。");
        gw.awaitBot("g-tier1", "更正正发往");
        JsonNode b = runUntilSettled(gw, gw.clock, id);

        for (String room : BRIDGE_ROOMS.values()) {
            assertEquals(1, copiesTo(room, "下午三点"), room + " gets the update once");
            assertEquals(room.equals(first) ? 1 : 0, copiesTo(room, "上午九点"),
                    room + ": the old text only where it had gone before the update");
        }
        JsonNode alert = b.get("waveCounts").get(0);
        int withdrawn = alert.get("byStatus").get("WITHDRAWN").asInt();
        assertTrue(withdrawn >= 11, "the bridge copies waiting their turn are replaced: " + alert);
        assertEquals(14, withdrawn + alert.get("delivered").asInt(), "the rest went before the update: " + alert);
        for (JsonNode c : b.get("waves").get(0).get("chats")) {
            if (c.get("status").asText().equals("WITHDRAWN")) assertTrue(c.get("error").asText().contains("更正"), c.toString());
        }
        assertEquals(14, b.get("waveCounts").get(1).get("delivered").asInt());
    }

    @Test
    void twoInstances_fanOutOneBroadcast_withoutDuplicates() throws Exception {
        fake = new FakeBridge(TOKEN);
        String prefix = TestRedis.freshPrefix("bcd-two");
        MutableClock clock = new MutableClock(GatewayHarness.T0);
        for (String instance : List.of("a", "b")) {
            Map<String, String> env = Map.of("ZJ_BRIDGE_TOKEN", TOKEN, "ZJ_BRIDGE_URL", fake.base(), "ZJ_INSTANCE", "two-" + instance);
            gateways.add(GatewayHarness.start(GatewayHarness.config(TestRedis.url(), prefix, null, env), clock));
        }
        GatewayHarness a = gateways.get(0), b = gateways.get(1);
        a.say("g-tier1", "p-wang", "发布【寻物】全乡：在乡政府门口捡到身份证一张，请失主到派出所认领。");
        String id = idIn(a.awaitBot("g-tier1", "【发布预览】"));
        b.say("g-tier1", "p-wang", "确认 " + id);   // confirmed through the other instance
        JsonNode done = runUntilSettled(b, clock, id);

        for (String room : BRIDGE_ROOMS.values()) assertEquals(1, copiesTo(room, "捡到身份证"), room + " gets it once");
        assertEquals(12, fake.sent().stream().filter(s -> s.content().contains("捡到身份证")).count());
        assertEquals(14, done.get("waveCounts").get(0).get("delivered").asInt());
        assertEquals(1, a.gateway.counters().get("fanout.waves") + b.gateway.counters().get("fanout.waves"),
                "the wave was handed out once");
        assertEquals(1, a.botSaid("dm:p-wang").stream().filter(s -> s.contains("【发送完成】")).count());

        // the fan-out job delivered again (an instance that took it over after a crash): it resumes at the cursor
        a.gateway.redis().xadd(a.gateway.keys().inbound(), redis.clients.jedis.StreamEntryID.NEW_ENTRY,
                Map.of("t", "fanout", "b", id, "w", "1"));
        eventually(a::drained, d -> d, "the repeated job");
        clock.advance(Duration.ofMinutes(5));
        a.gateway.fireDueTimers();
        a.awaitDrained();
        assertEquals(12, fake.sent().stream().filter(s -> s.content().contains("捡到身份证")).count(), "no copy twice");
    }

    @Test
    void theConsoleApi_publishesAsAnOfficer_behindTheAdminToken() throws Exception {
        GatewayHarness gw = start("console", Map.of("ZJ_ADMIN_TOKEN", "console-token-123456"));
        String auth = "Bearer console-token-123456";
        assertEquals(401, gw.post("/api/admin/broadcasts", "application/json",
                "{\"from\":\"p-duoji\",\"text\":\"发布【普法】全乡：宪法宣传周\"}").status());
        GatewayHarness.Response r = postWithToken(gw, auth, "{\"from\":\"r-ciren\",\"text\":\"发布【普法】全乡：宪法宣传周\"}");
        assertEquals(403, r.status(), r.raw());
        r = postWithToken(gw, auth, "{\"from\":\"p-duoji\",\"text\":\"发布【普法】德吉村：12月4日宪法宣传日，村委会门口有咨询台。\"}");
        assertEquals(202, r.status(), r.raw());
        assertEquals("dm:p-duoji", r.body().get("answerIn").asText());
        String id = idIn(gw.awaitBot("dm:p-duoji", "【发布预览】"));
        assertEquals(202, postWithToken(gw, auth, "{\"from\":\"p-duoji\",\"text\":\"确认 " + id + "\"}").status());
        gw.awaitBot("dm:p-duoji", "【发送完成】");
        eventually(() -> copiesTo("德吉村村民群", "宪法宣传日"), n -> n == 1, "the village group");
        GatewayHarness.Response one = getWithToken(gw, auth, "/api/admin/broadcasts/" + id);
        assertEquals(200, one.status(), one.raw());
        assertEquals("ACTIVE", one.body().get("state").asText());
        assertEquals(401, gw.get("/api/admin/broadcasts/" + id).status());
    }

    private static GatewayHarness.Response postWithToken(GatewayHarness gw, String auth, String json) {
        return gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.base() + "/api/admin/broadcasts"))
                .header("Content-Type", "application/json").header("Authorization", auth)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    private static GatewayHarness.Response getWithToken(GatewayHarness gw, String auth, String path) {
        return gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.base() + path))
                .header("Authorization", auth).GET());
    }
}
