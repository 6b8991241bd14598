package zhijian.bot.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import zhijian.bot.testing.GatewayHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * Publishing from the tier-1 group, played through the simulator against a real gateway and a real Redis: what
 * every group of the seed matrix reads, what the publisher hears, and what the console API shows.
 */
class BroadcastStoriesTest {
    /** Every tier-2 group of seeds/groups.yaml. */
    static final List<String> TIER2 = List.of("g-zhangda", "g-zhangda-1", "g-azha", "g-deji", "g-pare", "g-xuega",
            "g-qionguo", "g-qionguo-2", "g-ent-transport", "g-ent-gravel", "g-venue-market", "g-venue-teahouse",
            "g-parents-school", "g-parents-kinder");
    /** 章达村 (its four groups) and 阿扎乡小学 (the school's parents' group, by its alias). */
    static final List<String> ZHANGDA_AND_SCHOOL = List.of("g-zhangda", "g-zhangda-1", "g-ent-transport",
            "g-parents-kinder", "g-parents-school");
    static final Pattern ID = Pattern.compile("B-\\d{8}-\\d{4}");

    private GatewayHarness gw;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        gw = GatewayHarness.start("bc-" + info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    static String idIn(String text) {
        return ID.matcher(text).results().findFirst().orElseThrow(() -> new AssertionError("no broadcast id in: " + text)).group();
    }

    /** How many times the bot said something containing {@code text} in a chat. */
    private long copies(String chat, String text) {
        return gw.botSaid(chat).stream().filter(s -> s.contains(text)).count();
    }

    private JsonNode broadcast(String id) {
        GatewayHarness.Response r = gw.get("/api/broadcasts/" + id);
        assertEquals(200, r.status(), r.raw());
        return r.body();
    }

    /** Waits until no chat of any wave of the broadcast is pending. */
    private JsonNode awaitSettled(String id) {
        return eventually(() -> broadcast(id), b -> {
            for (JsonNode w : b.get("waveCounts")) if (w.get("pending").asInt() > 0) return false;
            return b.get("waveCounts").size() > 0;
        }, "broadcast " + id + " to settle");
    }

    @Test
    void publish_preview_confirm_reachesEveryInScopeGroupOnce_andNoOther() {
        String body = "近期有人冒充快递客服以“理赔”为名要求共享屏幕，这是诈骗，请勿操作！";
        gw.say("g-tier1", "p-duoji", "发布【反诈预警】章达村 阿扎乡小学：" + body);
        String preview = gw.awaitBot("g-tier1", "【发布预览】");
        String id = idIn(preview);
        assertTrue(preview.contains("5 个群"), preview);
        assertTrue(preview.contains("确认 " + id), preview);
        assertTrue(preview.contains("企业微信客户群"), "the customer group's owner has to confirm: " + preview);

        // nothing goes out before the confirmation
        gw.awaitDrained();
        for (String g : TIER2) assertEquals(0, copies(g, body), g + " got it before it was confirmed");
        assertEquals("PREVIEW", broadcast(id).get("state").asText());

        gw.say("g-tier1", "p-duoji", "确认 " + id);
        assertTrue(gw.awaitBot("g-tier1", "【开始发送】").contains(id));
        String summary = gw.awaitBot("dm:p-duoji", "【发送完成】");
        assertTrue(summary.contains("已送达 5"), summary);
        gw.awaitDrained();

        for (String g : TIER2) {
            long n = copies(g, body);
            if (ZHANGDA_AND_SCHOOL.contains(g)) {
                assertEquals(1, n, g + " gets it once");
                String copy = gw.botSaid(g).stream().filter(s -> s.contains(body)).findFirst().orElseThrow();
                assertTrue(copy.startsWith("【反诈预警】阿扎乡派出所\n"), "a header with the category and the station: " + copy);
                assertTrue(copy.contains(id), copy);
            } else {
                assertEquals(0, n, g + " is out of scope");
            }
        }
        JsonNode b = awaitSettled(id);
        assertEquals("ACTIVE", b.get("state").asText());
        assertEquals(5, b.get("waveCounts").get(0).get("targets").asInt());
        assertEquals(5, b.get("waveCounts").get(0).get("delivered").asInt());
        List<String> ledgerChats = new ArrayList<>();
        for (JsonNode c : b.get("waves").get(0).get("chats")) {
            ledgerChats.add(c.get("chat").asText());
            assertEquals("SENT", c.get("status").asText(), c.toString());
        }
        assertEquals(ZHANGDA_AND_SCHOOL.stream().sorted().toList(), ledgerChats.stream().sorted().toList());

        gw.say("g-tier1", "p-duoji", "进度 " + id);
        String progress = gw.awaitBot("g-tier1", "【发布进度】");
        assertTrue(progress.contains("已送达 5"), progress);
        assertTrue(progress.contains("已回复收到：0/5"), progress);
    }

    @Test
    void nonPublishers_areRefused_andNothingIsSaved() {
        gw.say("dm:r-ciren", "r-ciren", "发布【反诈预警】全乡：大家注意");
        assertTrue(gw.awaitBot("dm:r-ciren", "没有发布权限").contains("没有发布权限"));
        gw.say("dm:v-zd-gw", "v-zd-gw", "发布【消防】章达村：注意用火安全");   // a grid worker is staff, not police
        gw.awaitBot("dm:v-zd-gw", "没有发布权限");
        gw.say("g-zhangda", "r-lhakpa", "@指尖服务 发布【寻人】全乡：我家狗丢了");
        gw.awaitBot("g-zhangda", "没有发布权限");
        // an officer, but in a resident group
        gw.say("g-zhangda", "p-tashi", "发布【消防】章达村：注意用火安全");
        gw.awaitBot("g-zhangda", "一级群");
        gw.awaitDrained();
        assertEquals(0, gw.get("/api/broadcasts").body().get("broadcasts").size(), "nothing was published");
        for (String g : TIER2) assertEquals(0, copies(g, "【"), g);
    }

    @Test
    void updateAndCancel_reachExactlyTheGroupsTheAlertReached() {
        gw.say("dm:p-liu", "p-liu", "发布【消防】德吉村：今晚起大风，禁止野外用火。");
        String id = idIn(gw.awaitBot("dm:p-liu", "【发布预览】"));
        gw.say("dm:p-liu", "p-liu", "确认 " + id);
        gw.awaitBot("dm:p-liu", "【发送完成】");
        List<String> reached = List.of("g-deji", "g-venue-teahouse");   // 德吉村's groups
        for (String g : TIER2) assertEquals(reached.contains(g) ? 1 : 0, copies(g, "禁止野外用火"), g);

        // someone else may not change it; the publisher may
        gw.say("dm:p-duoji", "p-duoji", "更正 " + id + " 明晚起大风");
        gw.awaitBot("dm:p-duoji", "只有发布人或所长");
        gw.say("dm:p-liu", "p-liu", "更正 " + id + " 大风推迟到明晚，明晚起禁止野外用火。");
        gw.awaitBot("dm:p-liu", "更正正发往");
        eventually(() -> reached.stream().allMatch(g -> copies(g, "大风推迟到明晚") == 1), ok -> ok, "the update everywhere");

        gw.say("dm:p-liu", "p-liu", "取消 " + id + " 天气预报有变");
        gw.awaitBot("dm:p-liu", "已撤销");
        eventually(() -> reached.stream().allMatch(g -> copies(g, "现已撤销") == 1), ok -> ok, "the cancel everywhere");
        gw.awaitDrained();
        for (String g : TIER2) {
            if (reached.contains(g)) {
                String cancel = gw.botSaid(g).stream().filter(s -> s.contains("现已撤销")).findFirst().orElseThrow();
                assertTrue(cancel.startsWith("【消防·撤销】"), cancel);
                assertTrue(cancel.contains("天气预报有变"), cancel);
            } else {
                assertEquals(0, copies(g, "【消防"), g + " never had it, so gets no update or cancel");
            }
        }
        JsonNode b = awaitSettled(id);
        assertEquals("CANCELLED", b.get("state").asText());
        assertEquals(List.of("ALERT", "UPDATE", "CANCEL"), kinds(b));
        for (JsonNode w : b.get("waveCounts")) assertEquals(2, w.get("delivered").asInt(), w.toString());
        // once cancelled it cannot be changed again
        gw.say("dm:p-liu", "p-liu", "更正 " + id + " 再改一次");
        gw.awaitBot("dm:p-liu", "不能再更正或撤销");
    }

    @Test
    void aPreviewCancelled_isNeverSent() {
        gw.say("g-tier1", "p-wang", "发布【普法】全乡：《反电信网络诈骗法》知识问答");
        String id = idIn(gw.awaitBot("g-tier1", "【发布预览】"));
        gw.say("g-tier1", "p-wang", "取消 " + id);
        gw.awaitBot("g-tier1", "已作废");
        gw.say("g-tier1", "p-wang", "确认 " + id);
        gw.awaitBot("g-tier1", "不需要再确认");
        gw.awaitDrained();
        for (String g : TIER2) assertEquals(0, copies(g, "知识问答"), g);
        assertEquals("DISCARDED", broadcast(id).get("state").asText());

        // kept for keep_for (180 days), then deleted
        gw.clock.advance(Duration.ofDays(179));
        gw.gateway.fireDueTimers();
        gw.awaitDrained();
        assertEquals(200, gw.get("/api/broadcasts/" + id).status());
        gw.clock.advance(Duration.ofDays(2));
        gw.gateway.fireDueTimers();
        eventually(() -> gw.get("/api/broadcasts/" + id).status(), s -> s == 404, "the broadcast purged");
        assertTrue(gw.gateway.redis().keys(gw.gateway.keys().broadcast(id) + "*").isEmpty(), "nothing of it is left");
    }

    @Test
    void aPreviewNobodyConfirms_lapsesAfterADay() {
        gw.say("g-tier1", "p-liu", "发布【治安提示】全乡：年底防盗提示。");
        String id = idIn(gw.awaitBot("g-tier1", "【发布预览】"));
        gw.clock.advance(Duration.ofHours(25));
        gw.gateway.fireDueTimers();
        gw.awaitBot("dm:p-liu", "【预览已过期】");
        assertEquals("DISCARDED", broadcast(id).get("state").asText());
        gw.say("g-tier1", "p-liu", "确认 " + id);
        gw.awaitBot("g-tier1", "不需要再确认");
        gw.awaitDrained();
        for (String g : TIER2) assertEquals(0, copies(g, "防盗提示"), g);
    }

    @Test
    void missingPerson_goesAtOnce_widensOnSchedule_takesSightings_andFoundCancelsEverywhere() {
        String text = "阿扎乡完小三年级学生丹增，男，9岁，穿蓝色校服，今天放学后未回家。";
        gw.say("g-tier1", "p-tashi", "发布【寻人】章达村 阿扎乡小学：" + text);
        String sent = gw.awaitBot("g-tier1", "【已发出】");   // urgent: no confirmation
        String id = idIn(sent);
        assertTrue(sent.contains("30分钟后扩大到全乡各群"), sent);
        eventually(() -> ZHANGDA_AND_SCHOOL.stream().allMatch(g -> copies(g, "丹增") == 1), ok -> ok, "the first reach");
        gw.awaitDrained();
        for (String g : TIER2) if (!ZHANGDA_AND_SCHOOL.contains(g)) assertEquals(0, copies(g, "丹增"), g);

        // the community officer acknowledges in one group; a resident reports a sighting in another
        gw.say("g-zhangda", "p-tashi", "收到");
        gw.say("g-parents-school", "r-zhuoma", "我在服务区看见一个穿蓝色校服的孩子，往县城方向走了");
        String clue = gw.awaitBot("dm:p-tashi", "【寻人线索】");
        assertTrue(clue.contains("阿扎乡完小家长群") && clue.contains("服务区") && clue.contains(id), clue);
        String thanks = gw.awaitBot("g-parents-school", "已转给负责的民警");
        assertFalse(thanks.contains("服务区"), "the group is not told what was reported: " + thanks);

        // 30 minutes on: the whole township
        gw.clock.advance(Duration.ofMinutes(31));
        gw.gateway.fireDueTimers();
        gw.awaitBot("dm:p-tashi", "【扩大范围】");
        eventually(() -> TIER2.stream().allMatch(g -> copies(g, "丹增") == 1), ok -> ok, "every tier-2 group once");
        // the groups of the first reach that did not say 收到 are chased with their officers
        String remind = gw.awaitBot("dm:p-tashi", "【请确认收到】");
        assertTrue(remind.contains("章达村一组群") && !remind.contains("章达村村民群"), remind);

        // two hours on: the county (the tier-1 group and the county heads)
        gw.clock.advance(Duration.ofMinutes(90));
        gw.gateway.fireDueTimers();
        eventually(() -> copies("g-tier1", "丹增") == 1 && copies("dm:c-zhang", "丹增") == 1
                && copies("dm:c-gesang", "丹增") == 1, ok -> ok, "the county");

        gw.say("g-tier1", "p-tashi", "已找到 " + id + " 孩子在亲戚家，已安全到家");
        gw.awaitBot("g-tier1", "已结案");
        List<String> all = new ArrayList<>(TIER2);
        all.addAll(List.of("g-tier1", "dm:c-zhang", "dm:c-gesang"));
        eventually(() -> all.stream().allMatch(g -> copies(g, "【寻人·撤销】") == 1), ok -> ok, "the cancel everywhere it went");
        assertTrue(gw.botSaid("g-parents-school").stream().anyMatch(s -> s.startsWith("【寻人·撤销】") && s.contains("人已找到")
                && s.contains("孩子在亲戚家")));
        JsonNode b = awaitSettled(id);
        assertEquals("FOUND", b.get("state").asText());
        assertEquals(1, b.get("clues").size());
        assertEquals("ALERT,ALERT,ALERT,CANCEL", String.join(",", kinds(b)));
        assertTrue(b.get("acks").toString().contains("g-zhangda"), b.get("acks").toString());

        // found: no more widening, reminders or sightings
        gw.clock.advance(Duration.ofDays(8));
        gw.gateway.fireDueTimers();
        gw.say("g-deji", "r-yangjin", "我刚刚看到一个小孩在路边走");
        gw.awaitDrained();
        assertEquals(1, broadcast(id).get("clues").size());
        assertEquals("FOUND", broadcast(id).get("state").asText());
    }

    @Test
    void urgentWarning_remindsOfficersOfGroupsThatHaveNotAcknowledged() {
        gw.say("g-tier1", "p-wang", "发布【紧急预警】帕热村 琼果村：今夜有暴雨，沿河住户请转移到村委会。");
        String id = idIn(gw.awaitBot("g-tier1", "【已发出】"));
        List<String> groups = List.of("g-pare", "g-qionguo", "g-qionguo-2");
        eventually(() -> groups.stream().allMatch(g -> copies(g, "暴雨") == 1), ok -> ok, "the warning");
        gw.say("g-pare", "p-zhou", "收到！");
        gw.say("g-qionguo", "r-tenzin", "收到");   // a resident's 收到 is not the group's acknowledgement
        gw.awaitDrained();
        gw.clock.advance(Duration.ofMinutes(31));
        gw.gateway.fireDueTimers();
        String remind = gw.awaitBot("dm:p-zhou", "【请确认收到】");
        assertTrue(remind.contains("琼果村村民群") && !remind.contains("帕热村村民群"), remind);
        String summary = gw.awaitBot("dm:p-wang", "【确认情况】");
        assertTrue(summary.contains("2 个群"), summary);
        JsonNode b = broadcast(id);
        assertEquals(1, b.get("acknowledged").asInt());

        // the officer acknowledges for his groups in private (the way for groups whose senders cannot be verified)
        gw.say("dm:p-zhou", "p-zhou", "收到 " + id);
        String ok = gw.awaitBot("dm:p-zhou", "已记下");
        assertTrue(ok.contains("琼果村村民群") && ok.contains("琼果村二组群") && !ok.contains("帕热村"), ok);
        eventually(() -> broadcast(id).get("acknowledged").asInt(), n -> n == 3, "all three acknowledged");
    }

    @Test
    void figures_countBroadcastsAndReachByCategory_forTheWeek() {
        gw.say("g-tier1", "p-wang", "发布【寻物】全乡：捡到钱包一个，请失主到派出所认领。");
        String id = idIn(gw.awaitBot("g-tier1", "【发布预览】"));   // lost and found is not urgent
        gw.say("g-tier1", "p-wang", "确认 " + id);
        awaitSettled(id);
        gw.say("g-tier1", "p-wang", "发布【反诈】家长群：警惕“校园退费”诈骗。");
        String id2 = idIn(gw.awaitBot("g-tier1", "校园退费"));   // the second preview (it quotes the notice)
        gw.say("g-tier1", "p-wang", "确认 " + id2);
        awaitSettled(id2);
        JsonNode s = gw.get("/api/broadcasts/stats?week=2026-W47").body();
        Map<String, JsonNode> byCat = new java.util.HashMap<>();
        for (JsonNode r : s.get("byCategory")) byCat.put(r.get("category").asText(), r);
        assertEquals(1, byCat.get("missing").get("broadcasts").asInt());
        assertEquals(14, byCat.get("missing").get("chatsReached").asInt());
        assertEquals(1, byCat.get("antifraud").get("broadcasts").asInt());
        assertEquals(2, byCat.get("antifraud").get("chatsReached").asInt());
        assertEquals(16, s.get("total").get("chatsReached").asInt());
        // 寻物 is not a missing-person case: it does not widen
        assertFalse(broadcast(id).get("missingPerson").asBoolean());
    }

    private static List<String> kinds(JsonNode b) {
        List<String> out = new ArrayList<>();
        for (JsonNode w : b.get("waveCounts")) out.add(w.get("kind").asText());
        return out;
    }
}
