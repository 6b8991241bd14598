package zhijian.bot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import zhijian.bot.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fake WeCom (and Official Account) API for tests, started on a free loopback port: it hands out access tokens,
 * records every call, and can be told to fail the way the real one does — errcode -1 (busy), 45009 (frequency
 * limit), 42001 (token expired: it also stops accepting the old token), HTTP 500, or a slow answer; or, in
 * {@link #chaos chaos mode}, fail a share of all sends at random and rate-limit each target.
 */
public final class FakeWecom implements AutoCloseable {
    /** One call the gateway made. */
    public record Call(String path, Map<String, String> query, JsonNode body) {
        public String text() {
            JsonNode t = body == null ? null : body.path("text").path("content");
            return t == null || t.isMissingNode() ? (body == null ? "" : body.path("markdown").path("content").asText("")) : t.asText();
        }
    }

    /** What to do with the next matching call instead of answering normally. */
    private record Trouble(Predicate<Call> when, int errcode, int httpStatus, long delayMs) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Trouble> trouble = new ArrayDeque<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile String validToken;
    private final Map<String, Deque<String>> kfPages = new ConcurrentHashMap<>();
    private final List<Call> succeeded = new CopyOnWriteArrayList<>();
    /** Chaos mode (null = off): the random failures and each target's recent successful sends. */
    private java.util.Random chaos;
    private double failShare;
    private int perTarget;
    private long windowMs;
    private final Map<String, Deque<Long>> recentSends = new HashMap<>();
    private final Map<Integer, Integer> chaosFailures = new java.util.TreeMap<>();
    private static final List<String> SENDS = List.of("/cgi-bin/message/send", "/cgi-bin/appchat/send",
            "/cgi-bin/webhook/send", "/cgi-bin/kf/send_msg");

    public FakeWecom() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public int tokenRequests() {
        return tokens.get();
    }

    /** The next {@code times} calls to {@code path} (matching {@code when}) answer with {@code errcode}. */
    public synchronized FakeWecom failNext(String path, int errcode, int times) {
        for (int i = 0; i < times; i++) trouble.add(new Trouble(c -> c.path().equals(path), errcode, 200, 0));
        return this;
    }

    /** Every call to {@code path} whose body matches fails with {@code errcode}, {@code times} times. */
    public synchronized FakeWecom failWhen(String path, Predicate<Call> when, int errcode, int times) {
        for (int i = 0; i < times; i++) trouble.add(new Trouble(c -> c.path().equals(path) && when.test(c), errcode, 200, 0));
        return this;
    }

    public synchronized FakeWecom httpErrorNext(String path, int status, int times) {
        for (int i = 0; i < times; i++) trouble.add(new Trouble(c -> c.path().equals(path), 0, status, 0));
        return this;
    }

    public synchronized FakeWecom slowNext(String path, long delayMs, int times) {
        for (int i = 0; i < times; i++) trouble.add(new Trouble(c -> c.path().equals(path), 0, 200, delayMs));
        return this;
    }

    /**
     * From now on a share {@code failShare} of all sends fails at random, seeded so a run can be repeated, the ways
     * WeCom fails when busy — errcode -1 (system busy), 45033 (too many concurrent calls), HTTP 500 — and a target
     * (user, chat, robot) that has had {@code perTarget} sends within {@code window} gets 45009 (frequency limit) until
     * the window has moved on. A failed call delivers nothing. Token requests are never failed.
     */
    public synchronized FakeWecom chaos(long seed, double failShare, int perTarget, java.time.Duration window) {
        this.chaos = new java.util.Random(seed);
        this.failShare = failShare;
        this.perTarget = perTarget;
        this.windowMs = window.toMillis();
        return this;
    }

    /** In chaos mode, the sends failed so far by errcode (500: HTTP status 500). */
    public synchronized Map<Integer, Integer> chaosFailures() {
        return Map.copyOf(chaosFailures);
    }

    /** The sends answered with success (each one delivered once, as far as WeCom is concerned). */
    public List<Call> succeeded() {
        return List.copyOf(succeeded);
    }

    /** The current access token stops working (as after 2 hours): the next call gets 42001. */
    public void expireToken() {
        validToken = "expired-" + validToken;
    }

    /** The next sync_msg for this account returns these messages (JSON array items), then nothing. */
    public void kfMessages(String openKfId, String msgListJson) {
        kfPages.computeIfAbsent(openKfId, k -> new ArrayDeque<>()).add(msgListJson);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode body = null;
        if (raw.length > 0) {
            try {
                body = Json.MAPPER.readTree(raw);
            } catch (IOException e) {
                body = null;
            }
        }
        Call call = new Call(path, query, body);
        if (path.equals("/cgi-bin/gettoken") || path.equals("/cgi-bin/token")) {
            tokens.incrementAndGet();
            validToken = "TOKEN-" + tokens.get();
            reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + validToken + "\",\"expires_in\":7200}");
            return;
        }
        calls.add(call);
        Trouble t = take(call);
        if (t != null && t.delayMs() > 0) sleep(t.delayMs());
        if (t != null && t.httpStatus() != 200) {
            reply(ex, t.httpStatus(), "server error");
            return;
        }
        if (t != null && t.errcode() != 0) {
            reply(ex, 200, "{\"errcode\":" + t.errcode() + ",\"errmsg\":\"fake error\"}");
            return;
        }
        int chaosCode = chaosVerdict(call);
        if (chaosCode == 500) {
            reply(ex, 500, "server error");
            return;
        }
        if (chaosCode != 0) {
            reply(ex, 200, "{\"errcode\":" + chaosCode + ",\"errmsg\":\"" + (chaosCode == 45009 ? "api freq out of limit"
                    : chaosCode == 45033 ? "api concurrent out of limit" : "system busy") + "\"}");
            return;
        }
        boolean needsToken = path.startsWith("/cgi-bin/") && !path.equals("/cgi-bin/webhook/send");
        if (needsToken && (query.get("access_token") == null || !query.get("access_token").equals(validToken))) {
            reply(ex, 200, "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}");
            return;
        }
        if (SENDS.contains(path)) succeeded.add(call);
        switch (path) {
            case "/cgi-bin/kf/sync_msg" -> {
                String kf = body == null ? "" : body.path("open_kfid").asText("");
                Deque<String> pages = kfPages.getOrDefault(kf, new ArrayDeque<>());
                String list = pages.isEmpty() ? "[]" : pages.poll();
                reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"c" + calls.size() + "\",\"has_more\":0,\"msg_list\":" + list + "}");
            }
            case "/cgi-bin/externalcontact/add_msg_template" ->
                    reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"fail_list\":[],\"msgid\":\"msgGROUP" + calls.size() + "\"}");
            case "/cgi-bin/message/send" -> reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"m" + calls.size() + "\"}");
            case "/cgi-bin/kf/send_msg" -> reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":\"kf" + calls.size() + "\"}");
            default -> reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
    }

    /** In chaos mode: 0 to answer normally, else the errcode (or 500: the HTTP status) this send fails with. */
    private synchronized int chaosVerdict(Call c) {
        if (chaos == null || !SENDS.contains(c.path())) return 0;
        JsonNode b = c.body() == null ? Json.MAPPER.createObjectNode() : c.body();
        String target = c.path() + "|" + b.path("touser").asText("") + b.path("chatid").asText("")
                + c.query().getOrDefault("key", "");
        long now = System.currentTimeMillis();
        Deque<Long> recent = recentSends.computeIfAbsent(target, k -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst() <= now - windowMs) recent.pollFirst();
        int code = recent.size() >= perTarget ? 45009
                : chaos.nextDouble() < failShare ? List.of(-1, 45033, 500).get(chaos.nextInt(3)) : 0;
        if (code == 0) recent.addLast(now);
        else chaosFailures.merge(code, 1, Integer::sum);
        return code;
    }

    private synchronized Trouble take(Call c) {
        for (var it = trouble.iterator(); it.hasNext(); ) {
            Trouble t = it.next();
            if (t.when().test(c)) {
                it.remove();
                return t;
            }
        }
        return null;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A list as the fake answers it, for tests reading several calls. */
    public static List<String> texts(List<Call> calls) {
        List<String> out = new ArrayList<>();
        for (Call c : calls) out.add(c.text());
        return out;
    }
}
