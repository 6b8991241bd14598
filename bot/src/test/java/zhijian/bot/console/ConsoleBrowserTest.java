package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.GatewayHarness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The staff console in a real browser: Debian's chromium, driven by playwright-core from
 * {@code src/test/browser/console-stories.js}, against a real gateway and Redis. The simulator plays the resident
 * and hands out the staff's one-time codes; the script plays the staff in the page:
 * <ol>
 *   <li>a one-time code sets a password; log out; log in with the password;</li>
 *   <li>a resident's hazard report in a village group is in its holder's own queue;</li>
 *   <li>on a phone-sized screen the queue fits without sideways scrolling;</li>
 *   <li>a reply typed in the page reaches the resident in the group (seen in the simulator page);</li>
 *   <li>the chief publishes to 全乡, confirms, and watches the ledger reach 100%;</li>
 *   <li>the figures page draws its charts (a screenshot in {@code target/browser/figures.png});</li>
 *   <li>the chief adds a grid worker in the matrix page and deactivates her.</li>
 * </ol>
 * Needs Node.js with npm and {@code /usr/bin/chromium}; {@code .ci/run} installs them. Without them this test
 * fails and says what to install: a browser test that silently does not run proves nothing.
 */
class ConsoleBrowserTest {
    private static final Path SCRIPTS = Path.of("src/test/browser");
    private static final Path OUT = Path.of("target/browser");
    private static final String CHROMIUM = System.getenv().getOrDefault("ZJ_CHROMIUM", "/usr/bin/chromium");
    private static final String HAZARD = "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理";
    private static final String REPLY = "供电所的师傅半小时内到，请大家先别靠近电线。";

    @Test
    void staffWorkTheConsoleInARealBrowser() throws Exception {
        requireTools();
        installPlaywright();
        Files.createDirectories(OUT);
        Files.deleteIfExists(OUT.resolve("figures.png"));

        try (GatewayHarness gw = GatewayHarness.start("console-browser")) {
            // a resident reports a hazard in 德吉村's group: a ticket for the village's first handler
            gw.say("g-deji", "r-yangjin", HAZARD);
            String ticket = GatewayHarness.ticketIdIn(gw.awaitBot("g-deji", "工单"));
            String holder = gw.ticket(ticket).get("ticket").get("assignee").asText();
            String holderCode = ConsoleClient.codeFor(gw, holder);
            String chiefCode = ConsoleClient.codeFor(gw, "p-wang");

            Map<String, String> env = Map.of(
                    "ZJ_BASE", gw.base(),
                    "ZJ_TICKET", ticket,
                    "ZJ_TICKET_CHAT", "g-deji",
                    "ZJ_HOLDER", holder,
                    "ZJ_HOLDER_CODE", holderCode,
                    "ZJ_CHIEF_CODE", chiefCode,
                    "ZJ_REPLY", REPLY,
                    "ZJ_OUT", OUT.toAbsolutePath().toString(),
                    "ZJ_CHROMIUM", CHROMIUM);
            Run run = run(List.of("node", "console-stories.js"), env, 240);
            System.out.println(run.output);
            assertEquals(0, run.exit, "the browser stories failed:\n" + run.output);
            for (String story : List.of("log in", "in its holder's own queue", "on a phone", "reply from the page",
                    "ledger fills to 100%", "figures page draws its charts", "adds a grid worker")) {
                assertTrue(run.output.lines().anyMatch(l -> l.startsWith("ok ") && l.contains(story)),
                        "story not passed: " + story + "\n" + run.output);
            }

            // what the page did is what the gateway did
            assertTrue(gw.botSaid("g-deji").stream().anyMatch(s -> s.contains(REPLY)), "the reply is in the group");
            JsonNode t = gw.ticket(ticket);
            List<String> events = new ArrayList<>();
            t.get("events").forEach(e -> events.add(e.get("typeName").asText() + ":" + e.get("actor").asText()));
            assertTrue(events.contains("回复:" + holder), "the reply is on the ticket as the holder's: " + events);
            JsonNode broadcasts = gw.get("/api/broadcasts").body().get("broadcasts");
            assertEquals(1, broadcasts.size(), broadcasts.toString());
            JsonNode wave = broadcasts.get(0).get("waveCounts").get(0);
            assertEquals("p-wang", broadcasts.get(0).get("publisher").asText());
            assertEquals(wave.get("targets").asInt(), wave.get("delivered").asInt(), "every group got the notice: " + wave);
            assertEquals(0, wave.get("pending").asInt());

            Path figures = OUT.resolve("figures.png");
            assertTrue(Files.exists(figures), "the figures screenshot was taken");
            assertTrue(Files.size(figures) > 20_000, "the figures screenshot shows charts, not an empty page: "
                    + Files.size(figures) + " bytes");
            // the matrix page's change is the gateway's: the new grid worker is in the roster, deactivated
            JsonNode people = ConsoleClient.signUp(gw, "p-admin").get("/api/console/matrix").body().get("people");
            JsonNode added = null;
            for (JsonNode p : people) if (p.get("id").asText().equals("v-dj-gw2")) added = p;
            assertTrue(added != null, "the person added in the page is in the roster");
            assertEquals("格桑曲珍", added.get("name").asText());
            assertEquals("[\"grid_worker\"]", added.get("roles").toString());
            assertEquals("[\"deji\"]", added.get("grids").toString());
            assertFalse(added.get("active").asBoolean(), "and deactivated");

        }
    }

    /** Node.js, npm and chromium must be there; the message says what to install when they are not. */
    private static void requireTools() throws Exception {
        List<String> missing = new ArrayList<>();
        if (!works(List.of("node", "--version"))) missing.add("Node.js (Debian package: nodejs)");
        if (!works(List.of("npm", "--version"))) missing.add("npm (Debian package: npm)");
        if (!Files.isExecutable(Path.of(CHROMIUM))) missing.add("chromium at " + CHROMIUM + " (Debian package: chromium)");
        if (!missing.isEmpty()) {
            fail("The console's browser test needs " + String.join(", ", missing) + ". Install with: "
                    + "sudo apt-get install -y nodejs npm chromium   (.ci/run does this on a fresh machine)");
        }
    }

    /** playwright-core, as pinned in package-lock.json: {@code npm ci} once, when node_modules is missing. */
    private static void installPlaywright() throws Exception {
        if (Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) return;
        Run ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        if (ci.exit != 0) fail("npm ci in " + SCRIPTS.toAbsolutePath() + " failed:\n" + ci.output);
    }

    private static boolean works(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("zj-browser-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
