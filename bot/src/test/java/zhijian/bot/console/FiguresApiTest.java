package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;
import zhijian.text.FiguresTexts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * The station's figures on the console, over HTTP against a real gateway and Redis, for a week played through the
 * simulator: residents ask in their groups, staff answer and close in their private chats, a deadline passes, a
 * resident posts a scam, the chief publishes a warning — and the numbers are the ones an officer would count by hand.
 */
class FiguresApiTest {
    /** Monday 16 November 2026, 09:00 in 阿扎乡: the start of 2026-W47. */
    private static final Instant MONDAY = Instant.parse("2026-11-16T01:00:00Z");

    private static GatewayHarness gw;
    private static ConsoleClient chief, tashi, djMediator;

    /**
     * 2026-W47 at noon on Monday: four disputes at 09:00 — three in 章达村, one in 德吉村.
     * 章达村: one answered after 10 minutes and rated 5, one answered after an hour and rated 2 (both closed), one left
     * alone (escalated at 11:00). 德吉村: escalated at 11:00, answered by the officer at 12:00 (3 hours) and closed.
     * A scam posted in 章达村's group; one 紧急预警 to the whole township.
     */
    @BeforeAll
    static void playTheWeek() throws Exception {
        gw = GatewayHarness.start(GatewayHarness.config(TestRedis.url(), TestRedis.freshPrefix("figures"), null),
                new MutableClock(MONDAY));
        String answered = open("g-ent-transport", "r-ciren", "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下");
        String rated2 = open("g-zhangda-1", "r-lhakpa", "邻居占了我家宅基地，想请调解员评评理");
        String alone = open("g-zhangda", "r-sonam", "老板欠我运费一直不给，帮忙调解一下");
        String late = open("g-deji", "r-yangjin", "德吉村那边邻居占了我家宅基地，想请调解员评评理");

        gw.clock.advance(Duration.ofMinutes(10));                                  // 09:10
        gw.say("dm:v-zd-med", "v-zd-med", "回复 " + answered + " 明天上午我到车队调解");
        gw.awaitBot("g-ent-transport", "明天上午我到车队调解");
        gw.clock.advance(Duration.ofMinutes(10));                                  // 09:20
        closeAndRate(answered, "v-zd-med", "g-ent-transport", "r-ciren", "5");

        gw.clock.advance(Duration.ofMinutes(40));                                  // 10:00
        gw.say("dm:v-zd-med", "v-zd-med", "回复 " + rated2 + " 下午到您家看看");
        gw.awaitBot("g-zhangda-1", "下午到您家看看");
        closeAndRate(rated2, "v-zd-med", "g-zhangda-1", "r-lhakpa", "2");

        gw.clock.advance(Duration.ofMinutes(61));                                  // 11:01: two sign deadlines pass
        assertTrue(gw.awaitBot("dm:p-tashi", "【升级】").contains(alone));
        assertTrue(gw.awaitBot("dm:p-lhamo", "【升级】").contains(late));
        gw.clock.advance(Duration.ofMinutes(59));                                  // 12:00
        gw.say("dm:p-lhamo", "p-lhamo", "回复 " + late + " 我下午到村里了解情况");
        gw.awaitBot("g-deji", "我下午到村里了解情况");
        gw.say("dm:p-lhamo", "p-lhamo", "办结 " + late + " 已调解");
        gw.awaitBot("g-deji", "已办结");

        gw.say("g-zhangda", "r-ciren", "【招聘】在家就能做的手机兼职，刷单点赞一单一结，日赚300-500元，宝妈学生党都可以，"
                + "先垫付后返佣，名额有限！点击 http://jz-task.top/r8 报名，或加微信 17688812345 带你做任务");
        gw.awaitBot("g-zhangda", "【反诈提醒】");
        gw.say("g-tier1", "p-wang", "发布【紧急预警】全乡：今夜有暴雨，沿河住户请转移到村委会。");
        gw.awaitBot("g-deji", "今夜有暴雨");

        chief = ConsoleClient.signUp(gw, "p-wang");
        tashi = ConsoleClient.signUp(gw, "p-tashi");
        djMediator = ConsoleClient.signUp(gw, "v-dj-med");
        gw.awaitDrained();
    }

    private static String open(String chat, String resident, String text) {
        gw.say(chat, resident, text);
        return ticketIdIn(gw.awaitBot(chat, "工单号"));
    }

    private static void closeAndRate(String id, String staff, String chat, String resident, String stars) {
        gw.say("dm:" + staff, staff, "办结 " + id + " 已调解");
        gw.awaitBot(chat, "已办结");
        gw.say(chat, resident, stars);
        gw.awaitBot(chat, "谢谢您的评价");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static JsonNode figures(ConsoleClient who, String query) {
        GatewayHarness.Response r = who.get("/api/console/figures" + query);
        assertEquals(200, r.status(), r.raw());
        return r.body();
    }

    private static JsonNode row(JsonNode week, String grid) {
        for (JsonNode r : week.get("rows")) if (r.get("grid").asText().equals(grid)) return r;
        throw new AssertionError("no row for " + grid + " in " + week);
    }

    @Test
    void theChief_seesEachVillageAndTheTownship_asAnOfficerWouldCountThem() {
        JsonNode body = figures(chief, "?weeks=2");
        assertEquals("township", body.get("scope").asText());
        JsonNode w46 = body.get("weeks").get(0), w47 = body.get("weeks").get(1);
        assertEquals("2026-W46", w46.get("week").asText());
        assertEquals("2026-W47", w47.get("week").asText());
        assertEquals("2026-11-16", w47.get("from").asText());
        assertEquals("2026-11-22", w47.get("to").asText());
        assertTrue(!w47.get("complete").asBoolean(), "the week is not over on Monday");

        JsonNode zhangda = row(w47, "zhangda");
        assertEquals("章达村", zhangda.get("gridName").asText());
        assertEquals(3, zhangda.get("received").asInt());
        assertEquals(2, zhangda.get("resolved").asInt());
        assertEquals("66.7%", FiguresTexts.percent(zhangda.get("resolutionRate").asDouble()));
        assertEquals("66.7%", FiguresTexts.percent(zhangda.get("responseRate").asDouble()), "two answered within 2 hours");
        assertEquals(600, zhangda.get("firstResponseMedianSeconds").asLong(), "10 and 60 minutes: the median is 10");
        assertEquals(3600, zhangda.get("firstResponseP90Seconds").asLong());
        assertEquals("50%", FiguresTexts.percent(zhangda.get("satisfactionRate").asDouble()), "rated 5 and 2");
        assertEquals(1, zhangda.get("escalations").asInt(), "the one left alone went up to the officer");
        assertEquals(0, zhangda.get("overdue").asInt());
        assertEquals(1, zhangda.get("fraud").get("warnings").asInt(), "the scam warned about in the group");

        JsonNode deji = row(w47, "deji");
        assertEquals(1, deji.get("received").asInt());
        assertEquals(1, deji.get("resolved").asInt());
        assertEquals(0.0, deji.get("responseRate").asDouble(), "answered after 3 hours: late");
        assertTrue(deji.get("satisfactionRate").isNull(), "nobody rated: no rate, not 0%");
        assertTrue(row(w47, "pare").get("resolutionRate").isNull(), "nothing received: no rate");

        JsonNode total = w47.get("total");
        assertEquals("全乡合计", total.get("gridName").asText());
        assertEquals("收集社情民意 4 条、解决 3 条", w47.get("headline").asText());
        assertEquals(4, total.get("received").asInt());
        assertEquals("75%", FiguresTexts.percent(total.get("resolutionRate").asDouble()));
        assertEquals("50%", FiguresTexts.percent(total.get("responseRate").asDouble()));
        assertEquals(3600, total.get("firstResponseMedianSeconds").asLong(), "10, 60 and 180 minutes");
        assertEquals(3 * 3600, total.get("firstResponseP90Seconds").asLong());
        assertEquals(2, total.get("escalations").asInt());
        assertEquals(1, w47.get("publishing").get("broadcasts").asInt());
        assertEquals(14, w47.get("publishing").get("chatsAddressed").asInt(), "the township's 14 tier-2 groups");

        assertEquals(0, w46.get("total").get("received").asInt());
        assertTrue(w46.get("total").get("responseRate").isNull());
        assertEquals("收集社情民意 0 条、解决 0 条", w46.get("headline").asText());
        assertEquals(8, figures(chief, "").get("weeks").size(), "eight weeks unless asked otherwise");
    }

    @Test
    void villageStaff_seeTheirVillageOnly_andAnotherGridIsRefused() {
        JsonNode mine = figures(djMediator, "?weeks=1");
        assertEquals("grids", mine.get("scope").asText());
        JsonNode w47 = mine.get("weeks").get(0);
        assertEquals(1, w47.get("rows").size());
        assertEquals("deji", w47.get("rows").get(0).get("grid").asText());
        assertEquals(1, w47.get("total").get("received").asInt(), "德吉村's own ticket, not the township's four");
        assertEquals("合计", w47.get("total").get("gridName").asText());

        GatewayHarness.Response other = djMediator.get("/api/console/figures?grid=zhangda");
        assertEquals(403, other.status(), other.raw());
        assertEquals("grid_not_visible", other.body().get("error").asText());
        assertTrue(other.body().get("message").asText().contains("zhangda"), other.raw());
        assertEquals(403, djMediator.get("/api/console/figures.csv?grid=zhangda").status());

        JsonNode officer = figures(tashi, "?weeks=1&grid=zhangda");
        assertEquals(3, officer.get("weeks").get(0).get("total").get("received").asInt(), "章达村's officer may ask for it");
        List<String> hisGrids = new ArrayList<>();
        figures(tashi, "?weeks=1").get("grids").forEach(g -> hisGrids.add(g.get("id").asText()));
        assertEquals(List.of("zhangda", "azha"), hisGrids, "the two villages 扎西平措 is the officer of");

        assertEquals(404, chief.get("/api/console/figures?grid=nowhere").status());
        assertEquals(400, chief.get("/api/console/figures?weeks=0").status());
        assertEquals(400, chief.get("/api/console/figures?weeks=many").status());
        assertEquals(401, ConsoleClient.anonymous(gw).get("/api/console/figures").status(), "only for logged-in staff");
    }

    @Test
    void theCsv_opensInExcelInChinese_andSaysWhatTheJsonSays() {
        GatewayHarness.Response csv = chief.get("/api/console/figures.csv?weeks=2");
        assertEquals(200, csv.status(), csv.raw());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        assertEquals("attachment; filename=\"figures-2026-W46_2026-W47.csv\"", csv.header("Content-Disposition"));
        assertTrue(csv.raw().startsWith("\uFEFF"), "a byte-order mark, so Excel reads UTF-8");

        List<List<String>> lines = new ArrayList<>();
        for (String l : csv.raw().substring(1).split("\r\n")) lines.add(List.of(l.split(",", -1)));
        List<String> header = lines.get(0);
        assertEquals(List.of("周", "起", "止", "网格", "受理（收集社情民意）", "办结（解决）"), header.subList(0, 6));
        JsonNode json = figures(chief, "?weeks=2");
        int rows = 0;
        for (JsonNode w : json.get("weeks")) rows += w.get("rows").size() + 1;
        assertEquals(1 + rows, lines.size(), "a line per week and grid, and a total line per week");

        Map<String, JsonNode> byWeekAndName = new HashMap<>();
        for (JsonNode w : json.get("weeks")) {
            for (JsonNode r : w.get("rows")) byWeekAndName.put(w.get("week").asText() + "/" + r.get("gridName").asText(), r);
            byWeekAndName.put(w.get("week").asText() + "/" + w.get("total").get("gridName").asText(), w.get("total"));
        }
        for (List<String> line : lines.subList(1, lines.size())) {
            Map<String, String> cell = new HashMap<>();
            for (int i = 0; i < header.size(); i++) cell.put(header.get(i), line.get(i));
            JsonNode r = byWeekAndName.get(cell.get("周") + "/" + cell.get("网格"));
            assertTrue(r != null, "a JSON row for " + line);
            assertEquals(r.get("received").asText(), cell.get("受理（收集社情民意）"), line.toString());
            assertEquals(r.get("resolved").asText(), cell.get("办结（解决）"), line.toString());
            assertEquals(r.get("overdue").asText(), cell.get("超期"));
            assertEquals(r.get("escalations").asText(), cell.get("升级"));
            assertEquals(r.get("fraud").get("warnings").asText(), cell.get("反诈提醒"));
            for (String[] rate : new String[][]{{"responseRate", "响应率"}, {"resolutionRate", "解决率"}, {"satisfactionRate", "满意率"}}) {
                JsonNode v = r.get(rate[0]);
                assertEquals(v.isNull() ? "" : FiguresTexts.percent(v.asDouble()), cell.get(rate[1]), rate[1] + " of " + line);
            }
            JsonNode median = r.get("firstResponseMedianSeconds");
            assertEquals(median.isNull() ? "" : String.format(java.util.Locale.ROOT, "%.1f", median.asLong() / 60.0), cell.get("首次答复中位数（分钟）"));
        }
        List<String> total47 = lines.get(lines.size() - 1);
        assertEquals(List.of("2026-W47", "2026-11-16", "2026-11-22", "全乡合计", "4", "3", "60.0", "180.0", "50%", "75%", "50%"),
                total47.subList(0, 11));
        assertEquals("1", total47.get(header.indexOf("发布次数")));
        assertEquals("14", total47.get(header.indexOf("发往群数")));
    }

    /**
     * A ticket of last week left open past its finish deadline is overdue in the week it was received, and resolved
     * in the week it is finally closed — read through the closed tickets' index, not by loading older weeks.
     */
    @Test
    void aTicketClosedLate_isOverdueInItsWeek_andResolvedInTheWeekItWasClosed() throws Exception {
        try (GatewayHarness g = GatewayHarness.start(GatewayHarness.config(TestRedis.url(), TestRedis.freshPrefix("figures-late"), null),
                new MutableClock(MONDAY))) {
            g.say("g-deji", "r-yangjin", "德吉村那边邻居占了我家宅基地，想请调解员评评理");
            String id = ticketIdIn(g.awaitBot("g-deji", "工单号"));
            g.say("dm:v-dj-med", "v-dj-med", "接单 " + id);
            g.awaitBot("dm:v-dj-med", "已签收");

            g.clock.advance(Duration.ofDays(7).plusMinutes(30));   // Monday 23 November 09:30: seven days are up
            String chased = g.awaitBot("dm:p-lhamo", "【督办】");   // the officer above is told it is late
            assertTrue(chased.contains(id) && chased.contains("办结时限"), chased);
            g.say("dm:v-dj-med", "v-dj-med", "办结 " + id + " 双方已达成协议");
            g.awaitBot("g-deji", "已办结");

            ConsoleClient c = ConsoleClient.signUp(g, "p-lhamo");
            JsonNode weeks = eventually(() -> c.get("/api/console/figures?weeks=2&grid=deji").body(),
                    b -> b.get("weeks").get(1).get("total").get("resolved").asInt() == 1, "the close to count");
            JsonNode w47 = weeks.get("weeks").get(0).get("total"), w48 = weeks.get("weeks").get(1).get("total");
            assertEquals(1, w47.get("received").asInt());
            assertEquals(0, w47.get("resolved").asInt());
            assertEquals(1, w47.get("overdue").asInt(), "closed after its 7 days");
            assertEquals(1.0, w47.get("resolutionRate").asDouble(), "last week's one ticket is resolved by now");
            assertEquals(1, w47.get("escalations").asInt(), "the late finish was chased once");
            assertEquals(0, w48.get("received").asInt());
            assertEquals(1, w48.get("resolved").asInt());
            assertEquals("收集社情民意 0 条、解决 1 条", weeks.get("weeks").get(1).get("headline").asText());

            JsonNode thisWeekOnly = c.get("/api/console/figures?weeks=1&grid=deji").body();
            assertEquals(1, thisWeekOnly.get("weeks").get(0).get("total").get("resolved").asInt(),
                    "asked for this week alone, last week's ticket closed this week still counts");
        }
    }
}
