package zhijian.bot.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.GatewayHarness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every console endpoint × who asks: nobody logged in, a village 网格员, a community officer, the chief, the admin
 * (内勤), an officer deactivated after logging in, and the chief without the CSRF token. Changes are sent with harmless
 * bodies (missing fields, unknown ids), so a status other than 401 and 403 means the request got past the guards and
 * nothing is changed. The expected table is the one in {@code docs/ACCESS.md}.
 */
class ConsoleAccessMatrixTest {
    private static final Path DOC = Path.of("../docs/ACCESS.md");
    private static final String ADMIN_TOKEN = "console-matrix-admin-token";
    private static GatewayHarness gw;
    private static final Map<String, ConsoleClient> WHO = new LinkedHashMap<>();
    private static String ticket;

    private record Endpoint(String method, String path, String body) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/console/login", "{}"),
            new Endpoint("POST", "/api/console/password", "{}"),
            new Endpoint("GET", "/api/console/me", null),
            new Endpoint("GET", "/api/console/tickets", null),
            new Endpoint("GET", "/api/console/tickets/{T}", null),
            new Endpoint("POST", "/api/console/tickets/{T}/reply", "{}"),
            new Endpoint("GET", "/api/console/answers/console-p-wang-1", null),
            new Endpoint("GET", "/api/console/broadcasts", null),
            new Endpoint("GET", "/api/console/broadcasts/options", null),
            new Endpoint("GET", "/api/console/broadcasts/stats", null),
            new Endpoint("GET", "/api/console/broadcasts/B-20261122-0999", null),
            new Endpoint("POST", "/api/console/broadcasts", "{}"),
            new Endpoint("POST", "/api/console/broadcasts/not-an-id/confirm", "{}"),
            new Endpoint("GET", "/api/console/fraud/alerts", null),
            new Endpoint("GET", "/api/console/fraud/alerts/F-20261122-0999", null),
            new Endpoint("POST", "/api/console/fraud/alerts/not-an-id/confirm", "{}"),
            new Endpoint("GET", "/api/console/fraud/stats", null),
            new Endpoint("GET", "/api/console/fraud/lists", null),
            new Endpoint("GET", "/api/console/fraud/patterns", null),
            new Endpoint("POST", "/api/console/fraud/patterns", "{}"),
            new Endpoint("GET", "/api/console/figures", null),
            new Endpoint("GET", "/api/console/figures.csv", null),
            new Endpoint("GET", "/api/console/matrix", null),
            new Endpoint("GET", "/api/console/matrix/changes", null),
            new Endpoint("POST", "/api/console/matrix/people", "{}"),
            new Endpoint("POST", "/api/console/matrix/grids", "{}"),
            new Endpoint("POST", "/api/console/matrix/groups", "{}"),
            new Endpoint("POST", "/api/console/matrix/station", "{\"bot_name\": 42}"),
            new Endpoint("POST", "/api/console/matrix/people/p-nobody/deactivate", ""),
            new Endpoint("POST", "/api/console/matrix/people/p-nobody/reactivate", ""),
            new Endpoint("POST", "/api/console/logout", ""));

    @BeforeAll
    static void start() {
        try {
            gw = GatewayHarness.start("console-matrix", Map.of("ZJ_ADMIN_TOKEN", ADMIN_TOKEN));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        gw.say("g-zhangda", "r-ciren", "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
        ticket = GatewayHarness.ticketIdIn(gw.awaitBot("g-zhangda", "工单"));
        WHO.put("未登录 none", ConsoleClient.anonymous(gw));
        WHO.put("村级 village staff", ConsoleClient.signUp(gw, "v-zd-gw"));
        WHO.put("民警 police", ConsoleClient.signUp(gw, "p-tashi"));
        ConsoleClient chief = ConsoleClient.signUp(gw, "p-wang");
        WHO.put("所长 chief", chief);
        WHO.put("内勤 admin", ConsoleClient.signUp(gw, "p-admin"));
        ConsoleClient gone = ConsoleClient.signUp(gw, "p-basang");
        // an officer off the duty rota, then deactivated while logged in
        assertEquals(200, chief.post("/api/console/matrix/station", new RawJson("{\"duty_rota\":[\"p-duoji\",\"p-liu\"]}")).status());
        GatewayHarness.Response off = chief.post("/api/console/matrix/people/p-basang/deactivate", Map.of());
        assertEquals(200, off.status(), off.raw());
        WHO.put("停用 deactivated", gone);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static GatewayHarness.Response call(ConsoleClient c, Endpoint e, boolean csrf) {
        String path = e.path().replace("{T}", ticket);
        if (e.method().equals("GET")) return c.get(path);
        return csrf ? c.post(path, new RawJson(e.body())) : c.post(path, new RawJson(e.body()), null);
    }

    /** A body sent as it is written. */
    private record RawJson(String json) {
        @com.fasterxml.jackson.annotation.JsonValue
        @com.fasterxml.jackson.annotation.JsonRawValue
        public String value() { return json.isEmpty() ? "{}" : json; }
    }

    private static String table() {
        StringBuilder b = new StringBuilder("| 接口 endpoint |");
        for (String who : WHO.keySet()) b.append(' ').append(who).append(" |");
        b.append(" 所长无CSRF chief, no CSRF token |\n|---|").append("---|".repeat(WHO.size() + 1));
        for (Endpoint e : ENDPOINTS) {
            b.append("\n| `").append(e.method()).append(' ').append(e.path()).append("` |");
            // without the token first: with it, the last row logs the chief out
            String noCsrf = e.method().equals("GET") ? "·" : String.valueOf(call(WHO.get("所长 chief"), e, false).status());
            List<Integer> codes = new ArrayList<>();
            for (ConsoleClient c : WHO.values()) codes.add(call(c, e, true).status());
            for (int code : codes) b.append(' ').append(code).append(" |");
            b.append(' ').append(noCsrf).append(" |");
        }
        return b.append('\n').toString();
    }

    @Test
    void everyConsoleEndpoint_answersEachKindOfVisitor_asDocsAccessMdSays() throws IOException {
        String actual = table();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String begin = "<!-- console-matrix:begin -->\n", end = "<!-- console-matrix:end -->";
        assertTrue(doc.contains(begin) && doc.contains(end), "docs/ACCESS.md keeps the console table between markers");
        String written = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
        assertEquals(written, actual, "console access differs from docs/ACCESS.md; the table found:\n" + actual);
        // and what no table may ever say: nobody gets in without a session, nor stays in once deactivated
        for (String line : actual.split("\n")) {
            if (!line.startsWith("| `") || line.contains("/login") || line.contains("/password")) continue;
            String[] cells = line.split("\\|");
            assertEquals("401", cells[2].strip(), "no session: " + line);
            assertTrue(cells[7].strip().equals("401") || cells[7].strip().equals("403"), "deactivated: " + line);
        }
    }

    @Test
    void theAdminApi_wantsItsToken() {
        for (String path : List.of("/api/admin/dead-letters", "/api/admin/deliveries/x", "/api/admin/broadcasts",
                "/api/admin/broadcasts/stats", "/api/admin/broadcasts/B-20261122-0999", "/api/admin/fraud/alerts",
                "/api/admin/fraud/alerts/F-20261122-0999", "/api/admin/fraud/stats", "/api/admin/fraud/patterns")) {
            for (String auth : new String[] {null, "Bearer wrong", "Bearer " + ADMIN_TOKEN + "x", ADMIN_TOKEN, "Basic " + ADMIN_TOKEN}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + path)).GET();
                if (auth != null) b.header("Authorization", auth);
                assertEquals(401, gw.send(b).status(), path + " with " + auth);
            }
            // a console session is not the admin token either
            assertEquals(401, WHO.get("所长 chief").get(path).status(), path + " with the chief's session");
            int ok = gw.send(HttpRequest.newBuilder(URI.create(gw.base() + path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .GET()).status();
            assertTrue(ok == 200 || ok == 404, path + " with the token: " + ok);
        }
        for (String path : List.of("/api/admin/broadcasts", "/api/admin/fraud/patterns")) {
            GatewayHarness.Response r = gw.send(HttpRequest.newBuilder(URI.create(gw.base() + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(401, r.status(), path);
        }
    }
}
