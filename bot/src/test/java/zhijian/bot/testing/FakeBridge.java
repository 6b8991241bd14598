package zhijian.bot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import zhijian.bot.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake personal-WeChat bridge (the wechatbot-webhook API) for tests: it takes {@code POST /webhook/msg/v2?token=},
 * answers {@code GET /healthz?token=}, records what it was asked to send, can fail (500, "not found", unhealthy),
 * and posts messages to the gateway the way the real bridge does (multipart form).
 */
public final class FakeBridge implements AutoCloseable {
    public record Sent(String to, boolean isRoom, String content) {}

    private final HttpServer server;
    private final String token;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean healthy = true;
    private final AtomicInteger failNext = new AtomicInteger();
    private final java.util.Set<String> missingRooms = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile double failRate;
    private java.util.Random failDice = new java.util.Random(0);

    public FakeBridge(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public void healthy(boolean h) {
        healthy = h;
    }

    /** The next {@code n} sends answer HTTP 500. */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** Sends to these groups answer "not found" (the bridge's account is not in them). */
    public void missing(String... rooms) {
        missingRooms.addAll(List.of(rooms));
    }

    /** From now on each send fails (HTTP 500) with this probability, decided by dice seeded with {@code seed}. */
    public synchronized void failRandomly(double rate, long seed) {
        failDice = new java.util.Random(seed);
        failRate = rate;
    }

    private synchronized boolean diceSaysFail() {
        return failRate > 0 && failDice.nextDouble() < failRate;
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> q = FakeWecom.query(ex.getRequestURI().getRawQuery());
        if (!token.equals(q.get("token"))) {
            reply(ex, 401, "{\"success\":false,\"message\":\"token error\"}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/healthz")) {
            reply(ex, 200, healthy ? "healthy" : "unHealthy");
            return;
        }
        if (!path.equals("/webhook/msg/v2")) {
            reply(ex, 404, "{}");
            return;
        }
        JsonNode b = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || diceSaysFail()) {
            reply(ex, 500, "{\"success\":false}");
            return;
        }
        String to = b.path("to").asText();
        if (missingRooms.contains(to)) {
            reply(ex, 200, "{\"success\":false,\"message\":\"\",\"task\":{\"successCount\":0,\"totalCount\":1,\"failedCount\":1,"
                    + "\"reject\":[],\"sentFailed\":[],\"notFound\":[{\"to\":\"" + to + "\"}]}}");
            return;
        }
        sent.add(new Sent(to, b.path("isRoom").asBoolean(), b.path("data").path("content").asText()));
        reply(ex, 200, "{\"success\":true,\"message\":\"\",\"task\":{\"successCount\":1,\"totalCount\":1,\"failedCount\":0,"
                + "\"reject\":[],\"sentFailed\":[],\"notFound\":[]}}");
    }

    /**
     * Posts a message to the gateway as the bridge does: multipart form with type, content, source, isMentioned,
     * isMsgFromSelf. Returns the status and body.
     */
    public static HttpResponse<String> post(String gatewayUrl, String token, String roomTopic, String fromName, String content,
                                            boolean mentioned, boolean fromSelf) throws IOException, InterruptedException {
        String source = roomTopic == null
                ? Json.write(Map.of("from", Map.of("id", "@wx" + fromName.hashCode(), "payload", Map.of("name", fromName))))
                : Json.write(Map.of("room", Map.of("id", "@@room" + roomTopic.hashCode(), "payload", Map.of("topic", roomTopic)),
                "from", Map.of("id", "@wx" + fromName.hashCode(), "payload", Map.of("name", fromName))));
        return postForm(gatewayUrl + "/bridge/wechatbot?token=" + token, Map.of("type", "text", "content", content,
                "source", source, "isMentioned", mentioned ? "1" : "0", "isMsgFromSelf", fromSelf ? "1" : "0"));
    }

    public static HttpResponse<String> postForm(String url, Map<String, String> fields) throws IOException, InterruptedException {
        String boundary = "----zj" + UUID.randomUUID();
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        b.append("--").append(boundary).append("--\r\n");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(b.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
