package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.GatewayHarness.Response;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.ConsoleCalls.as;
import static zhijian.bot.testing.ConsoleCalls.post;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * Keeping the matrix from the console, over HTTP, on two gateways sharing one Redis: what a change made through
 * one instance does on the other once it has rechecked (a second, on the clock both share).
 */
class MatrixStoriesTest {
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private static final String HAZARD = "@指尖服务 章达村口那根电线杆歪了，电线都快碰到地了";

    private final MutableClock clock = new MutableClock(GatewayHarness.T0);
    private final List<GatewayHarness> gateways = new ArrayList<>();

    /** Two gateways on one Redis and prefix, as two instances of one deployment. */
    private List<GatewayHarness> twoInstances(String name) throws Exception {
        String prefix = TestRedis.freshPrefix(name);
        for (String instance : List.of("a", "b")) {
            Map<String, String> env = Map.of("ZJ_INSTANCE", name + "-" + instance);
            gateways.add(GatewayHarness.start(GatewayHarness.config(TestRedis.url(), prefix, null, env), clock));
        }
        return gateways;
    }

    @AfterEach
    void stop() {
        for (GatewayHarness g : gateways) g.close();
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode n : list) if (n.get("id").asText().equals(id)) return n;
        return null;
    }

    /** The chats an instance's simulator offers: its groups and the private chats of its active people. */
    private static List<String> chatsOn(GatewayHarness gw) {
        List<String> out = new ArrayList<>();
        gw.get("/api/sim/chats").body().get("chats").forEach(c -> out.add(c.get("chat").asText()));
        return out;
    }

    private static void ok(Response r) {
        assertEquals(200, r.status(), r.raw());
        assertTrue(r.body().get("changed").asBoolean(), r.raw());
    }

    @Test
    void aGroupAddedOnOneInstance_isUsedOnTheOther_andGetsTheNextBroadcast() throws Exception {
        List<GatewayHarness> gw = twoInstances("mx-group");
        GatewayHarness a = gw.get(0), b = gw.get(1);
        assertFalse(chatsOn(b).contains("g-zhangda-3"), "b has read the matrix, without the group");
        ConsoleClient admin = ConsoleClient.signUp(a, "p-admin");
        ok(admin.post("/api/console/matrix/groups", Map.of("id", "g-zhangda-3", "name", "章达村三组群", "tier", 2,
                "kind", "village", "grid", "zhangda", "members", List.of("r-lhakpa"))));
        clock.advance(RECHECK);

        // b's own simulator takes a message in the new group only if b's matrix has it
        b.say("g-zhangda-3", "r-lhakpa", "@指尖服务 办身份证要带什么");
        b.awaitBot("g-zhangda-3", "身份证");

        String text = "章达村一名8岁男孩下午走失，穿蓝色上衣，见到请联系派出所。";
        b.say("g-tier1", "p-tashi", "发布【寻人】章达村：" + text);
        b.awaitBot("g-zhangda-3", text);
        b.awaitBot("g-zhangda-1", text);

        assertTrue(chatsOn(b).contains("g-zhangda-3"), "b's simulator lists it");
    }

    @Test
    void aVillageStafferAddedOnOneInstance_isRoutedATicketTheOtherDecides() throws Exception {
        List<GatewayHarness> gw = twoInstances("mx-staffer");
        GatewayHarness a = gw.get(0), b = gw.get(1);
        assertFalse(chatsOn(b).contains("dm:v-zd-gw2"), "b has read the matrix, without the new staffer");
        ConsoleClient admin = ConsoleClient.signUp(a, "p-admin");
        ok(admin.post("/api/console/matrix/people", Map.of("id", "v-zd-gw2", "name", "格桑", "roles", List.of("grid_worker"))));
        ok(admin.post("/api/console/matrix/grids", Map.of("id", "zhangda", "grid_workers", List.of("v-zd-gw2", "v-zd-gw"))));
        a.awaitDrained();
        a.close();   // only b decides from here on
        gateways.remove(a);
        clock.advance(RECHECK);

        b.say("g-zhangda", "r-lhakpa", HAZARD);
        String id = GatewayHarness.ticketIdIn(b.awaitBot("dm:v-zd-gw2", "AZ-"));
        JsonNode t = b.ticket(id).get("ticket");
        assertEquals("v-zd-gw2", t.get("assignee").asText());
        assertEquals("格桑", t.get("assigneeName").asText());
    }

    @Test
    void aDeactivatedStaffer_keepsTheirNameOnTheirTickets_losesTheConsole_andGetsNoNewOnes() throws Exception {
        List<GatewayHarness> gw = twoInstances("mx-deactivate");
        GatewayHarness a = gw.get(0), b = gw.get(1);
        ConsoleClient cidan = ConsoleClient.signUp(b, "v-zd-gw");
        b.say("g-zhangda", "r-lhakpa", HAZARD);
        String old = GatewayHarness.ticketIdIn(b.awaitBot("dm:v-zd-gw", "AZ-"));

        ConsoleClient admin = ConsoleClient.signUp(a, "p-admin");
        Response refused = admin.post("/api/console/matrix/people/v-zd-gw/deactivate", Map.of());
        assertEquals(409, refused.status(), refused.raw());
        assertTrue(refused.body().get("message").asText().contains("章达村的网格员"), refused.raw());
        ok(admin.post("/api/console/matrix/grids", Map.of("id", "zhangda", "grid_workers", List.of())));
        ok(admin.post("/api/console/matrix/people/v-zd-gw/deactivate", Map.of()));
        clock.advance(RECHECK);

        JsonNode t = b.ticket(old).get("ticket");
        assertEquals("v-zd-gw", t.get("assignee").asText());
        assertEquals("次旦", t.get("assigneeName").asText(), "the old ticket still names its handler");
        assertFalse(byId(admin.get("/api/console/matrix").body().get("people"), "v-zd-gw").get("active").asBoolean());
        assertEquals(403, cidan.get("/api/console/me").status(), "a deactivated person is out of the console");

        b.say("g-zhangda", "r-ciren", HAZARD);
        JsonNode next = eventually(() -> b.get("/api/tickets").body().get("tickets"), l -> l.size() == 2, "a second ticket");
        JsonNode fresh = next.get(0).get("id").asText().equals(old) ? next.get(1) : next.get(0);
        assertEquals("p-tashi", fresh.get("assignee").asText(), "no grid worker now: the community officer");
    }

    @Test
    void editsMadeAtOnceOnTwoInstances_areAllKept() throws Exception {
        List<GatewayHarness> gw = twoInstances("mx-race");
        GatewayHarness a = gw.get(0), b = gw.get(1);
        long before = b.gateway.redis().llen(b.gateway.keys().matrixChanges());
        MatrixApi onA = a.gateway.matrixApi(), onB = b.gateway.matrixApi();
        List<Callable<Response>> edits = List.of(
                () -> post(onA::upsertPerson, as("p-admin"), "/api/console/matrix/people",
                        "{\"id\":\"r-new1\",\"name\":\"新居民一\",\"roles\":[\"resident\"],\"grids\":[\"deji\"]}"),
                () -> post(onB::upsertPerson, as("p-wang"), "/api/console/matrix/people",
                        "{\"id\":\"r-new2\",\"name\":\"新居民二\",\"roles\":[\"resident\"],\"grids\":[\"pare\"]}"),
                () -> post(onA::upsertGrid, as("p-admin"), "/api/console/matrix/grids",
                        "{\"id\":\"zhangda\",\"household_heads\":[\"v-zd-hh2\",\"v-zd-hh1\"]}"),
                () -> post(onB::upsertGrid, as("p-wang"), "/api/console/matrix/grids",
                        "{\"id\":\"zhangda\",\"mediators\":[\"v-zd-med\",\"v-az-med\"]}"));
        ExecutorService pool = Executors.newFixedThreadPool(edits.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> done = new ArrayList<>();
            for (Callable<Response> e : edits) done.add(pool.submit(() -> {
                go.await();
                return e.call();
            }));
            go.countDown();
            for (Future<Response> f : done) ok(f.get());
        } finally {
            pool.shutdownNow();
        }
        clock.advance(RECHECK);

        ConsoleClient chief = ConsoleClient.signUp(a, "p-wang");
        JsonNode d = chief.get("/api/console/matrix").body();
        assertTrue(byId(d.get("people"), "r-new1") != null && byId(d.get("people"), "r-new2") != null, "both new people");
        JsonNode zhangda = byId(d.get("grids"), "zhangda");
        assertEquals("v-zd-hh2", zhangda.get("household_heads").get(0).asText(), "one change to the grid");
        assertEquals("v-az-med", zhangda.get("mediators").get(1).asText(), "and the other, to the same grid");
        assertEquals(before + 4, b.gateway.redis().llen(b.gateway.keys().matrixChanges()), "four lines in the change log");
        assertEquals(d.get("revision").asLong(), chief.get("/api/console/matrix/changes").body().get("changes").get(0).get("revision").asLong());
    }

    @Test
    void theConsoleGuardsTheMatrix_anOfficerReads_onlyTheChiefAndAdminsChange() throws Exception {
        GatewayHarness gw = twoInstances("mx-guard").get(0);
        assertEquals(401, ConsoleClient.anonymous(gw).get("/api/console/matrix").status());

        ConsoleClient officer = ConsoleClient.signUp(gw, "p-duoji");
        Response read = officer.get("/api/console/matrix");
        assertEquals(200, read.status(), read.raw());
        assertFalse(read.body().get("can_edit").asBoolean());
        Response refused = officer.post("/api/console/matrix/people", Map.of("id", "v-new", "name", "新人", "roles", List.of("grid_worker")));
        assertEquals(403, refused.status(), refused.raw());
        assertEquals(403, officer.get("/api/console/matrix/changes").status());

        ConsoleClient admin = ConsoleClient.signUp(gw, "p-admin");
        Response forged = admin.post("/api/console/matrix/people", Map.of("id", "v-new", "name", "新人", "roles", List.of("grid_worker")), "not-the-token");
        assertEquals(403, forged.status(), "a change needs the session's CSRF token");
        Response bad = admin.post("/api/console/matrix/grids", Map.of("id", "deji", "officer", "r-ciren"));
        assertEquals(400, bad.status(), bad.raw());
        assertEquals("grids.deji.officer", bad.body().get("field").asText());
        assertTrue(bad.body().get("message").asText().contains("没有「社区民警」角色"), bad.raw());
        ok(admin.post("/api/console/matrix/people", Map.of("id", "v-new", "name", "新人", "roles", List.of("grid_worker"))));

        JsonNode log = admin.get("/api/console/matrix/changes").body().get("changes");
        assertEquals("新增人员 新人（v-new）：网格员", log.get(0).get("summary").asText());
        assertEquals("次珍", log.get(0).get("by_name").asText());
        assertEquals(2, log.size(), "the refused edits left no line; the first start's seeding did");
    }
}
