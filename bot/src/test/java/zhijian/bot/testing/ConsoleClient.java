package zhijian.bot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import zhijian.bot.Json;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static zhijian.bot.testing.Eventually.eventually;

/**
 * A browser's side of the staff console over HTTP: it gets a one-time code the way staff do (「控制台」 in their
 * private chat), sets a password, and then keeps the session cookie and the CSRF token as the page does.
 */
public final class ConsoleClient {
    public static final String PASSWORD = "Ganbei-2026-zj";
    private static final Pattern CODE = Pattern.compile("一次性口令：([2-9A-Z]{5}-[2-9A-Z]{5})");

    private final GatewayHarness gw;
    public final String member;
    private String cookie;
    private String csrf;

    private ConsoleClient(GatewayHarness gw, String member) {
        this.gw = gw;
        this.member = member;
    }

    /** A one-time code for a person of staff, asked for in their private chat (the simulator). */
    public static String codeFor(GatewayHarness gw, String member) {
        int before = gw.botSaid("dm:" + member).size();
        gw.say("dm:" + member, member, "控制台");
        List<String> said = eventually(() -> gw.botSaid("dm:" + member), l -> l.size() > before
                && l.subList(before, l.size()).stream().anyMatch(s -> s.contains("一次性口令")), "a console code for " + member);
        // the code's line, not simply the last: another message to the same person (a broadcast's summary) may follow it
        String line = said.subList(before, said.size()).stream().filter(s -> s.contains("一次性口令")).reduce((x, y) -> y).orElseThrow();
        Matcher m = CODE.matcher(line);
        if (!m.find()) throw new AssertionError("no code in: " + line);
        return m.group(1);
    }

    /** Sets the person's password with a fresh code, and is logged in. */
    public static ConsoleClient signUp(GatewayHarness gw, String member) {
        ConsoleClient c = new ConsoleClient(gw, member);
        GatewayHarness.Response r = c.setPassword(codeFor(gw, member), PASSWORD);
        if (r.status() != 200) throw new AssertionError("set password for " + member + ": " + r.status() + " " + r.raw());
        return c;
    }

    /** Not logged in. */
    public static ConsoleClient anonymous(GatewayHarness gw) {
        return new ConsoleClient(gw, null);
    }

    public GatewayHarness.Response setPassword(String code, String password) {
        return keep(gw.send(json("/api/console/password", Map.of("code", code, "password", password))));
    }

    public GatewayHarness.Response login(String user, String password) {
        return keep(gw.send(json("/api/console/login", Map.of("user", user, "password", password))));
    }

    private GatewayHarness.Response keep(GatewayHarness.Response r) {
        if (r.status() == 200) {
            csrf = r.body().get("csrf").asText();
            String set = r.header("Set-Cookie");
            if (set != null && set.startsWith("zj_session=")) cookie = set.substring(0, set.indexOf(';'));
        }
        return r;
    }

    public GatewayHarness.Response get(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + path)).GET();
        if (cookie != null) b.header("Cookie", cookie);
        return gw.send(b);
    }

    /** A change, with the session's CSRF token as the page sends it. */
    public GatewayHarness.Response post(String path, Object body) {
        return post(path, body, csrf);
    }

    public GatewayHarness.Response post(String path, Object body, String csrfToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (cookie != null) b.header("Cookie", cookie);
        if (csrfToken != null) b.header("X-CSRF-Token", csrfToken);
        return gw.send(b);
    }

    public String csrf() { return csrf; }

    /** Waits for the bot's answer to a console action (the id a POST returned) that contains the text. */
    public String awaitAnswer(GatewayHarness.Response accepted, String contains) {
        String id = accepted.body().get("id").asText();
        JsonNode body = eventually(() -> get("/api/console/answers/" + id).body(),
                b -> b.get("answers") != null && b.get("answers").toString().contains(contains),
                "the console answer to contain '" + contains + "'");
        for (JsonNode n : body.get("answers")) if (n.asText().contains(contains)) return n.asText();
        throw new AssertionError("unreachable");
    }

    private HttpRequest.Builder json(String path, Object body) {
        return HttpRequest.newBuilder(URI.create(gw.base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
    }

}
