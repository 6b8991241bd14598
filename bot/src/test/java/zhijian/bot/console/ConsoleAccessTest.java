package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.GatewayHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's doors, over HTTP against a real gateway and Redis: how staff get in (a one-time code in their
 * private chat, then a password), what keeps others out (residents, wrong passwords, forged CSRF tokens, other sites),
 * and what each role may see and do.
 */
class ConsoleAccessTest {
    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start("console-access");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aCodeInPrivateSetsThePasswordAndThePasswordLogsIn() {
        ConsoleClient tashi = ConsoleClient.signUp(gw, "p-tashi");
        JsonNode me = tashi.get("/api/console/me").body();
        assertEquals("扎西平措", me.get("name").asText());
        assertEquals("GRIDS", me.get("reach").asText());
        assertTrue(me.get("police").asBoolean());

        ConsoleClient again = ConsoleClient.anonymous(gw);
        assertEquals(401, again.get("/api/console/me").status());
        GatewayHarness.Response in = again.login("p-tashi", ConsoleClient.PASSWORD);
        assertEquals(200, in.status(), in.raw());
        String cookie = in.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, again.get("/api/console/me").status());

        // logging out ends the session on the server, not just in the browser
        assertEquals(200, again.post("/api/console/logout", Map.of()).status());
        assertEquals(401, again.get("/api/console/me").status());
    }

    @Test
    void aCodeWorksOnceAndOnlyForFifteenMinutes() {
        String code = ConsoleClient.codeFor(gw, "p-lhamo");
        ConsoleClient c = ConsoleClient.anonymous(gw);
        assertEquals(200, c.setPassword(code, ConsoleClient.PASSWORD).status());
        GatewayHarness.Response twice = ConsoleClient.anonymous(gw).setPassword(code, "Another-pass-99");
        assertEquals(401, twice.status(), "a used code is refused");
        assertTrue(twice.body().get("message").asText().contains("控制台"), "it says how to get a new one");

        String late = ConsoleClient.codeFor(gw, "p-duoji");
        gw.clock.advance(Duration.ofMinutes(16));
        assertEquals(401, ConsoleClient.anonymous(gw).setPassword(late, ConsoleClient.PASSWORD).status(), "an expired code");

        String weak = ConsoleClient.codeFor(gw, "p-zhou");
        GatewayHarness.Response r = ConsoleClient.anonymous(gw).setPassword(weak, "1234");
        assertEquals(400, r.status());
        assertTrue(r.body().get("message").asText().contains("至少"), r.raw());
    }

    @Test
    void theCodeIsNeverGivenInAGroupNorToAResident() {
        gw.say("g-zhangda", "p-tashi", "@指尖服务 控制台");
        String said = gw.awaitBot("g-zhangda", "控制台口令只在私聊里发");
        assertFalse(said.contains("一次性口令："), said);

        gw.say("dm:r-ciren", "r-ciren", "控制台");
        gw.awaitBot("dm:r-ciren", "只有工作人员");
        assertTrue(gw.botSaid("dm:r-ciren").stream().noneMatch(s -> s.contains("一次性口令：")));
        // and a resident has no console at all: no account to log in to
        GatewayHarness.Response r = ConsoleClient.anonymous(gw).login("r-ciren", ConsoleClient.PASSWORD);
        assertEquals(401, r.status());
    }

    @Test
    void wrongPasswordsLockTheAccountForAWhile() {
        ConsoleClient.signUp(gw, "p-norbu");
        ConsoleClient c = ConsoleClient.anonymous(gw);
        for (int i = 0; i < 5; i++) assertEquals(401, c.login("p-norbu", "wrong-password-" + i).status());
        GatewayHarness.Response locked = c.login("p-norbu", ConsoleClient.PASSWORD);
        assertEquals(429, locked.status(), "even the right password waits while the account is locked");
        assertNotNull(locked.header("Retry-After"));
        assertTrue(Long.parseLong(locked.header("Retry-After")) > 60);
        assertTrue(locked.body().get("message").asText().contains("分钟后再试"));
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenOrFromAnotherSiteIsRefused() {
        ConsoleClient chief = ConsoleClient.signUp(gw, "p-wang");
        Map<String, String> body = Map.of("category", "防火提示", "scope", "全乡", "text", "天干物燥，小心火烛。");
        GatewayHarness.Response none = chief.post("/api/console/broadcasts", body, null);
        assertEquals(403, none.status());
        assertEquals("bad_csrf", none.body().get("error").asText());
        GatewayHarness.Response forged = chief.post("/api/console/broadcasts", body, "forged-" + chief.csrf());
        assertEquals(403, forged.status());
        assertEquals("bad_csrf", forged.body().get("error").asText());

        GatewayHarness.Response crossSite = gw.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gw.base() + "/api/console/login"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"p-wang\",\"password\":\"x\"}")));
        assertEquals(403, crossSite.status());
        assertEquals("bad_origin", crossSite.body().get("error").asText());

        // nothing was published by the refused requests
        JsonNode list = chief.get("/api/console/broadcasts").body();
        assertEquals(0, list.get("broadcasts").size());
    }

    @Test
    void aVillageStafferSeesOnlyTheirVillageAndCannotPublish() {
        // a hazard in 德吉村 and one in 章达村: each goes to its own village's 网格员 first
        String deji = ticketFrom("g-deji", "r-yangjin", "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
        String zhangda = ticketFrom("g-zhangda", "r-lhakpa", "章达村小学门口的路塌了一个大坑，车掉进去好几次了，太危险了");

        ConsoleClient nima = ConsoleClient.signUp(gw, "v-dj-gw");   // 德吉村网格员
        assertEquals("VILLAGE", nima.get("/api/console/me").body().get("reach").asText());
        assertEquals(200, nima.get("/api/console/tickets/" + deji).status());
        GatewayHarness.Response other = nima.get("/api/console/tickets/" + zhangda);
        assertEquals(403, other.status(), "another village's ticket");
        assertFalse(ids(nima.get("/api/console/tickets?view=all").body()).contains(zhangda));
        assertTrue(ids(nima.get("/api/console/tickets?view=mine").body()).contains(deji), "the 德吉村 hazard is in 尼玛's queue");
        assertEquals(403, nima.get("/api/console/tickets?grid=zhangda").status());

        GatewayHarness.Response publish = nima.post("/api/console/broadcasts",
                Map.of("category", "防火提示", "scope", "全乡", "text", "注意防火"));
        assertEquals(403, publish.status());
        assertEquals(403, nima.get("/api/console/fraud/alerts").status());
        assertEquals(403, nima.post("/api/console/tickets/" + zhangda + "/close", Map.of("outcome", "已处理")).status());

        ConsoleClient chief = ConsoleClient.signUp(gw, "p-wang");
        List<String> all = ids(chief.get("/api/console/tickets?view=all").body());
        assertTrue(all.contains(deji) && all.contains(zhangda), "the chief sees every village");
    }

    @Test
    void aTipIsForPoliceOnly_evenInTheTipstersOwnVillage() {
        gw.say("g-zhangda", "r-sonam", "我要举报，村西头有人聚众赌博，每天晚上都有");
        String id = GatewayHarness.ticketIdIn(gw.awaitBot("dm:r-sonam", "工单号"));

        ConsoleClient gridWorker = ConsoleClient.signUp(gw, "v-zd-gw");   // 章达村网格员
        assertEquals(403, gridWorker.get("/api/console/tickets/" + id).status());
        assertFalse(ids(gridWorker.get("/api/console/tickets?view=all").body()).contains(id));

        ConsoleClient officer = ConsoleClient.signUp(gw, "p-tashi");     // 章达村的社区民警
        JsonNode t = officer.get("/api/console/tickets/" + id).body();
        assertTrue(t.get("ticket").get("confidential").asBoolean());
        assertTrue(t.get("ticket").get("text").asText().contains("赌博"));

        ConsoleClient otherOfficer = ConsoleClient.signUp(gw, "p-lhamo"); // 德吉村的社区民警: not her grid
        assertEquals(403, otherOfficer.get("/api/console/tickets/" + id).status());
    }

    @Test
    void theAdminKeepsTheMatrixButDoesNotPublish_theCountyHeadSeesAll() {
        ConsoleClient admin = ConsoleClient.signUp(gw, "p-admin");
        JsonNode me = admin.get("/api/console/me").body();
        assertEquals("STATION", me.get("reach").asText());
        assertTrue(me.get("editsMatrix").asBoolean());
        assertFalse(me.get("police").asBoolean());
        assertEquals(403, admin.post("/api/console/broadcasts", Map.of("category", "防火提示", "scope", "全乡",
                "text", "注意防火")).status(), "the admin is not police: no publishing");
        assertFalse(admin.get("/api/console/broadcasts/options").body().get("mayPublish").asBoolean());

        ConsoleClient county = ConsoleClient.signUp(gw, "c-gesang");
        JsonNode c = county.get("/api/console/me").body();
        assertEquals("STATION", c.get("reach").asText());
        assertFalse(c.get("editsMatrix").asBoolean());
        assertEquals(200, county.get("/api/console/fraud/alerts").status());
    }

    @Test
    void aReplyFromTheConsoleReachesTheResidentInTheirGroup() {
        String id = ticketFrom("g-azha", "r-li", "阿扎村砂石厂门口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
        String holder = gw.ticket(id).get("ticket").get("assignee").asText();
        ConsoleClient staff = ConsoleClient.signUp(gw, holder);
        assertTrue(ids(staff.get("/api/console/tickets?view=mine").body()).contains(id));

        GatewayHarness.Response signed = staff.post("/api/console/tickets/" + id + "/sign", Map.of());
        assertEquals(202, signed.status(), signed.raw());
        staff.awaitAnswer(signed, "已签收");
        GatewayHarness.Response replied = staff.post("/api/console/tickets/" + id + "/reply",
                Map.of("text", "供电所的师傅半小时内到，请大家先别靠近。"));
        assertEquals(202, replied.status());
        gw.awaitBot("g-azha", "供电所的师傅半小时内到");
        staff.awaitAnswer(replied, "已转达");
        // the console's acknowledgements went to the console, not into the person's private chat
        assertTrue(gw.botSaid("dm:" + holder).stream().noneMatch(s -> s.contains("已转达")));

        JsonNode t = staff.get("/api/console/tickets/" + id).body();
        List<String> types = new ArrayList<>();
        t.get("events").forEach(e -> types.add(e.get("typeName").asText()));
        assertTrue(types.containsAll(List.of("受理", "派单", "签收", "回复")), types.toString());
        assertEquals("met", t.get("deadlines").get(0).get("state").asText(), "signed within the sign deadline");
        assertTrue(t.get("actions").toString().contains("close"));

        // somebody else's answers are not readable
        ConsoleClient chief = ConsoleClient.signUp(gw, "p-wang");
        assertEquals(403, chief.get("/api/console/answers/" + replied.body().get("id").asText()).status());
    }

    @Test
    void reassignAndCloseFromTheConsoleWorkAsInChat() {
        String id = ticketFrom("g-qionguo", "r-tenzin", "琼果村水渠边的电线杆歪了，电线快碰到地上了，很危险，请赶快处理");
        ConsoleClient chief = ConsoleClient.signUp(gw, "p-wang");
        GatewayHarness.Response moved = chief.post("/api/console/tickets/" + id + "/reassign",
                Map.of("to", "p-zhou", "reason", "周立新今天在琼果村"));
        assertEquals(202, moved.status(), moved.raw());
        chief.awaitAnswer(moved, "已改派");
        gw.awaitBot("dm:p-zhou", id);

        ConsoleClient zhou = ConsoleClient.signUp(gw, "p-zhou");
        assertTrue(ids(zhou.get("/api/console/tickets?view=mine").body()).contains(id));
        // someone who does not hold it is told so by the dispatcher, exactly as in chat
        ConsoleClient lhamo = ConsoleClient.signUp(gw, "p-lhamo");
        assertEquals(403, lhamo.get("/api/console/tickets/" + id).status(), "not her grid, not her ticket");

        GatewayHarness.Response closed = zhou.post("/api/console/tickets/" + id + "/close",
                Map.of("outcome", "已请供电所扶正电线杆并加固"));
        assertEquals(202, closed.status(), closed.raw());
        zhou.awaitAnswer(closed, "办结");
        gw.awaitBot("g-qionguo", "已请供电所扶正电线杆并加固");
        JsonNode t = zhou.get("/api/console/tickets/" + id).body();
        assertTrue(List.of("CLOSED", "FOLLOWED_UP").contains(t.get("ticket").get("state").asText()), t.toString());
        assertEquals(0, t.get("actions").size(), "nothing left to do on a closed ticket");
        assertEquals(400, zhou.post("/api/console/tickets/" + id + "/close", Map.of()).status(), "an outcome is required");
        assertEquals(404, zhou.post("/api/console/tickets/" + id + "/delete", Map.of()).status());
    }

    @Test
    void aSessionEndsAtItsMaximumAgeAndWhenThePasswordIsReset() {
        ConsoleClient zhou = ConsoleClient.signUp(gw, "p-zhou");
        ConsoleClient second = ConsoleClient.anonymous(gw);
        assertEquals(200, second.login("p-zhou", ConsoleClient.PASSWORD).status());
        // a new code and password end every session the person had
        ConsoleClient.signUp(gw, "p-zhou");
        assertEquals(401, zhou.get("/api/console/me").status());
        assertEquals(401, second.get("/api/console/me").status());

    }

    @Test
    void aWeekOldSessionIsOver() throws Exception {
        try (GatewayHarness own = GatewayHarness.start("console-age")) {
            ConsoleClient c = ConsoleClient.signUp(own, "p-basang");
            assertEquals(200, c.get("/api/console/me").status());
            own.clock.advance(Duration.ofDays(7).plusMinutes(1));
            assertEquals(401, c.get("/api/console/me").status());
        }
    }

    @Test
    void codesPasswordsAndSessionsNeverReachTheLog() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> secrets = new ArrayList<>();
        try {
            String code = ConsoleClient.codeFor(gw, "v-xg-gw");
            secrets.add(code);
            secrets.add(code.replace("-", ""));
            ConsoleClient c = ConsoleClient.anonymous(gw);
            GatewayHarness.Response in = c.setPassword(code, ConsoleClient.PASSWORD);
            assertEquals(200, in.status());
            secrets.add(ConsoleClient.PASSWORD);
            secrets.add(in.body().get("csrf").asText());
            String cookie = in.header("Set-Cookie");
            secrets.add(cookie.substring("zj_session=".length(), cookie.indexOf(';')));
            ConsoleClient wrong = ConsoleClient.anonymous(gw);
            wrong.login("v-xg-gw", "Guessing-Password-1");
            secrets.add("Guessing-Password-1");
            gw.awaitDrained();
        } finally {
            root.detachAppender(logs);
        }
        for (var e : logs.list) {
            String line = e.getFormattedMessage();
            for (String secret : secrets) assertFalse(line.contains(secret), "the log must not contain a secret: " + line);
        }
    }

    private static String ticketFrom(String chat, String resident, String text) {
        gw.say(chat, resident, text);
        String said = gw.awaitBot(chat, "工单");
        String id = GatewayHarness.ticketIdIn(said);
        assertNotNull(id, said);
        return id;
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("tickets").forEach(t -> out.add(t.get("id").asText()));
        return out;
    }
}
