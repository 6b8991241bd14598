package zhijian.bot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import zhijian.bot.Gateway;
import zhijian.bot.GatewayConfig;
import zhijian.bot.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static zhijian.bot.testing.Eventually.eventually;

/**
 * A real gateway on a free port, against a real Redis, with a clock the test moves; and a client that plays the
 * simulator over HTTP as a browser would.
 */
public final class GatewayHarness implements AutoCloseable {
    /** Sunday 22 November 2026, 12:00 in 阿扎乡 (04:00 UTC). */
    public static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

    public final MutableClock clock;
    public final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int ids;

    public record Response(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
        public Response(int status, JsonNode body, String raw) {
            this(status, body, raw, java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true));
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private GatewayHarness(Gateway gateway, MutableClock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    public static GatewayConfig config(String redisUrl, String prefix, Path dataDir) {
        return config(redisUrl, prefix, dataDir, Map.of());
    }

    /** As {@link #config(String, String, Path)}, with more environment (channel settings). */
    public static GatewayConfig config(String redisUrl, String prefix, Path dataDir, Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("ZJ_CONFIG", configDir().resolve("gateway.yaml").toString());
        env.put("ZJ_SEEDS_DIR", seedsDir().toString());
        env.put("ZJ_HTTP_PORT", "0");
        if (redisUrl != null) env.put("ZJ_REDIS_URL", redisUrl);
        env.put("ZJ_REDIS_PREFIX", prefix);
        env.put("ZJ_DATA_DIR", dataDir == null ? "target/test-data" : dataDir.toString());
        env.put("ZJ_INSTANCE", "test-" + prefix);
        env.putAll(more);
        GatewayConfig c = GatewayConfig.load(env, null);
        // fast timer polling and short claims so tests do not wait; tests move the clock across Monday 08:00 for
        // reasons of their own, so the weekly summary is posted only when a test asks (Gateway.postWeeklySummary)
        return c.withWorkers(new GatewayConfig.Workers(2, 1, Duration.ofSeconds(2), 3, Duration.ofMillis(100)))
                .withFigures(new GatewayConfig.Figures(false, c.figures().weeklySummary()));
    }

    public static Path seedsDir() {
        return Path.of(System.getProperty("zj.seeds", "../seeds"));
    }

    public static Path configDir() {
        return Path.of(System.getProperty("zj.config", "../config"));
    }

    /** A gateway on the shared test Redis under a fresh key prefix. */
    public static GatewayHarness start(String name) throws Exception {
        return start(config(TestRedis.url(), TestRedis.freshPrefix(name), null), new MutableClock(T0));
    }

    /** As {@link #start(String, Map)}, with these worker settings. */
    public static GatewayHarness start(String name, Map<String, String> env, GatewayConfig.Workers workers) throws Exception {
        return start(config(TestRedis.url(), TestRedis.freshPrefix(name), null, env).withWorkers(workers), new MutableClock(T0));
    }

    /** A gateway on the shared test Redis with channel settings in its environment. */
    public static GatewayHarness start(String name, Map<String, String> env) throws Exception {
        return start(config(TestRedis.url(), TestRedis.freshPrefix(name), null, env), new MutableClock(T0));
    }

    public long inboundLength() {
        return gateway.redis().exists(gateway.keys().inbound()) ? gateway.redis().xlen(gateway.keys().inbound()) : 0;
    }

    /** Posts a raw body with a content type to a path (with its query string). */
    public Response post(String pathAndQuery, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public static GatewayHarness start(GatewayConfig config, MutableClock clock) throws Exception {
        return new GatewayHarness(Gateway.start(config, clock, false), clock);
    }

    public String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    public Response postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = null;
            try {
                body = Json.MAPPER.readTree(r.body());
            } catch (IOException ignored) {
                // not JSON
            }
            return new Response(r.statusCode(), body, r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends raw request bytes (for requests an HTTP client refuses to make); returns the status and the body. */
    public Response raw(String request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = all.startsWith("HTTP/1.1 ") ? Integer.parseInt(all.substring(9, 12)) : 0;
            String body = all.contains("\r\n\r\n") ? all.substring(all.indexOf("\r\n\r\n") + 4) : "";
            JsonNode json = null;
            try {
                json = Json.MAPPER.readTree(body);
            } catch (IOException ignored) {
                // not JSON
            }
            return new Response(status, json, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Says something in a chat as a person; returns the stored message id. */
    public String say(String chat, String from, String text) {
        return say(chat, from, text, "t-" + (++ids) + "-" + System.nanoTime());
    }

    public String say(String chat, String from, String text, String clientId) {
        Map<String, Object> body = new HashMap<>();
        body.put("chat", chat);
        body.put("from", from);
        body.put("text", text);
        body.put("id", clientId);
        Response r = postJson("/api/sim/messages", Json.write(body));
        if (r.status() != 202 && r.status() != 200) throw new AssertionError("post failed: " + r.status() + " " + r.raw());
        return r.body().get("id").asText();
    }

    /** The lines of a chat, in order. */
    public List<JsonNode> transcript(String chat) {
        Response r = get("/api/sim/messages?chat=" + java.net.URLEncoder.encode(chat, StandardCharsets.UTF_8));
        if (r.status() == 404) return List.of();   // a private chat that does not exist yet
        if (r.status() != 200) throw new AssertionError("transcript failed: " + r.status() + " " + r.raw());
        List<JsonNode> out = new ArrayList<>();
        r.body().get("messages").forEach(out::add);
        return out;
    }

    /** The bot's lines in a chat. */
    public List<String> botSaid(String chat) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : transcript(chat)) if (n.get("bot").asBoolean()) out.add(n.get("text").asText());
        return out;
    }

    /** Waits until the bot has said something in the chat that contains the text; returns that line. */
    public String awaitBot(String chat, String contains) {
        List<String> said = eventually(() -> botSaid(chat), l -> l.stream().anyMatch(s -> s.contains(contains)),
                "the bot to say '" + contains + "' in " + chat);
        return said.stream().filter(s -> s.contains(contains)).reduce((a, b) -> b).orElseThrow();
    }

    public JsonNode ticket(String id) {
        Response r = get("/api/tickets/" + id);
        if (r.status() != 200) throw new AssertionError("ticket " + id + ": " + r.status() + " " + r.raw());
        return r.body();
    }

    /** The ledger lines of every outbound message to a chat. */
    public List<Map<String, String>> ledger(String chat) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String k : gateway.redis().keys(gateway.keys().delivery("*"))) {
            Map<String, String> line = gateway.redis().hgetAll(k);
            if (chat.equals(line.get("chat"))) out.add(line);
        }
        return out;
    }

    /** Waits for a ledger line of a message to {@code chat} that matches; returns it. */
    public Map<String, String> awaitLedger(String chat, java.util.function.Predicate<Map<String, String>> p) {
        return eventually(() -> ledger(chat).stream().filter(p).findFirst().orElse(null), l -> l != null, "the ledger of " + chat);
    }

    /** The outbound dead-letter stream, oldest first. */
    public List<redis.clients.jedis.resps.StreamEntry> deadLetters() {
        String k = gateway.keys().outboundDead();
        if (!gateway.redis().exists(k)) return List.of();
        return gateway.redis().xrange(k, "-", "+");
    }

    /** Whether every accepted message has been decided and every answer handed to its channel. */
    public boolean drained() {
        return drained(gateway.redis(), gateway.keys());
    }

    /** As {@link #drained()}, for any gateway (a child process) on this Redis and key prefix. */
    public static boolean drained(redis.clients.jedis.UnifiedJedis r, zhijian.bot.redis.RedisKeys keys) {
        return done(r, keys.inbound(), "inbox") && done(r, keys.outbound(), "delivery");
    }

    public void awaitDrained() {
        eventually(this::drained, d -> d, "the streams to drain");
    }

    /** Whether the group has been handed the stream's last entry and acknowledged everything. */
    private static boolean done(redis.clients.jedis.UnifiedJedis r, String stream, String group) {
        if (!r.exists(stream)) return true;
        List<redis.clients.jedis.resps.StreamEntry> last = r.xrevrange(stream, "+", "-", 1);
        if (last.isEmpty()) return true;
        return r.xinfoGroups(stream).stream().filter(g -> g.getName().equals(group))
                .anyMatch(g -> g.getPending() == 0 && last.get(0).getID().equals(g.getLastDeliveredId()));
    }

    /** The duty officer of a day, by the rota in seeds/station.yaml (p-duoji, p-liu, p-basang, one a day). */
    public static String dutyOn(java.time.LocalDate day) {
        return List.of("p-duoji", "p-liu", "p-basang").get((int) Math.floorMod(day.toEpochDay(), 3L));
    }

    /** Today's duty officer by the test's clock, in 阿扎乡's time. */
    public String dutyOfficer() {
        return dutyOn(java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Asia/Shanghai")));
    }

    /** The ticket id in a text like 「工单号 AZ-20261122-0001」. */
    public static String ticketIdIn(String text) {
        var m = java.util.regex.Pattern.compile("[A-Z]{1,6}-\\d{8}-\\d{3,6}").matcher(text);
        if (!m.find()) throw new AssertionError("no ticket id in: " + text);
        return m.group();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
