package zhijian.bot.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zhijian.bot.Json;
import zhijian.bot.testing.GatewayHarness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests no honest client sends: 2 MB bodies (declared, and chunked) on every family of POST endpoint, multipart
 * forms the bridge would never post, and paths that try to climb out of the console's files. Each gets a clear 4xx,
 * nothing is stored, and the gateway goes on serving.
 */
class HostileRequestTest {
    private static final int TWO_MB = 2 * 1024 * 1024;
    private static AllChannels all;
    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        all = new AllChannels("hostile-requests");
        gw = all.gw;
    }

    @AfterAll
    static void stop() {
        all.close();
    }

    private static void stillServing() {
        assertEquals(200, gw.get("/healthz").status(), "the gateway goes on serving");
    }

    // ------------------------------------------------------------------ 2 MB

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/wecom/callback?msg_signature=x&timestamp=1&nonce=1", "/wecom/aibot/callback?msg_signature=x&timestamp=1&nonce=1",
            "/mp/callback?signature=x&timestamp=1&nonce=1", "/bridge/wechatbot?token=" + AllChannels.BRIDGE_TOKEN,
            "/api/sim/messages", "/api/console/login", "/api/console/password", "/api/console/broadcasts",
            "/api/console/matrix/people", "/api/admin/broadcasts"})
    void twoMegabytes_areRefusedWith413_andNothingIsStored(String path) {
        long before = gw.inboundLength();
        GatewayHarness.Response r = gw.send(HttpRequest.newBuilder(URI.create(gw.base() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + AllChannels.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + "救".repeat(TWO_MB / 3) + "\"}")));
        assertEquals(413, r.status(), r.raw());
        assertEquals("body_too_large", r.body().get("error").asText());
        assertEquals(before, gw.inboundLength(), "nothing queued");
        stillServing();
    }

    @Test
    void twoMegabytesChunked_areRefusedWith413_too() throws IOException {
        long before = gw.inboundLength();
        String status;
        try (Socket s = new Socket("127.0.0.1", gw.gateway.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/sim/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < TWO_MB; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the gateway may stop reading once it has answered; the answer is what counts
            }
            status = readAll(s.getInputStream());
        }
        assertTrue(status.startsWith("HTTP/1.1 413"), status);
        assertTrue(status.contains("body_too_large"), status);
        assertEquals(before, gw.inboundLength());
        stillServing();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) b.write(buf, 0, n);
        } catch (IOException e) {
            // reset after the answer: keep what was read
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the bridge's multipart form

    private static final String BOUNDARY = "----zjSecBoundary";
    private static final String SOURCE = Json.write(Map.of("room", Map.of("id", "", "payload", Map.of("topic", "章达村村民群")),
            "from", Map.of("id", "wxid_ciren", "payload", Map.of("name", "次仁（货车）"))));

    private static String part(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static GatewayHarness.Response bridge(String contentType, byte[] body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.base() + "/bridge/wechatbot?token=" + AllChannels.BRIDGE_TOKEN))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static GatewayHarness.Response bridge(String contentType, String body) {
        return bridge(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedMultipart_fromTheBridge_getsAClear4xx_andNothingIsStored() {
        long before = gw.inboundLength();
        String multipart = "multipart/form-data; boundary=" + BOUNDARY;
        String good = part("type", "text") + part("content", "@指尖服务 户口迁移怎么办") + part("source", SOURCE)
                + part("isMentioned", "1") + part("isMsgFromSelf", "0") + "--" + BOUNDARY + "--\r\n";
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Map<String, GatewayHarness.Response> cases = new java.util.LinkedHashMap<>();
        cases.put("no boundary", bridge("multipart/form-data", good));
        cases.put("another boundary", bridge("multipart/form-data; boundary=----other", good));
        cases.put("JSON instead of a form", bridge("application/json", "{\"type\":\"text\",\"content\":\"你好\",\"source\":" + SOURCE + "}"));
        cases.put("plain text", bridge("text/plain", "type=text&content=你好"));
        cases.put("no content type", gw.send(HttpRequest.newBuilder(URI.create(gw.base() + "/bridge/wechatbot?token="
                + AllChannels.BRIDGE_TOKEN)).POST(HttpRequest.BodyPublishers.ofString(good))));
        cases.put("cut inside a part's header", bridge(multipart, part("type", "text") + "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; na"));
        cases.put("no text field", bridge(multipart, part("type", "text") + part("source", SOURCE) + "--" + BOUNDARY + "--\r\n"));
        cases.put("binary junk", bridge(multipart, junk));
        cases.put("binary junk between boundaries", bridge(multipart, concat(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII),
                junk, ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII))));
        cases.put("a text part of 200 KB", bridge(multipart, part("type", "text") + part("content", "救命".repeat(100 * 1024 / 3))
                + part("source", SOURCE) + "--" + BOUNDARY + "--\r\n"));
        cases.forEach((what, r) -> {
            assertTrue(r.status() >= 400 && r.status() < 500, what + ": " + r.status() + " " + r.raw());
            assertTrue(r.body() != null && r.body().hasNonNull("error"), what + ": says what was wrong: " + r.raw());
        });
        assertEquals(before, gw.inboundLength(), "nothing queued");

        // and the bridge's real form is still taken
        GatewayHarness.Response ok = bridge(multipart, good);
        assertEquals(200, ok.status(), ok.raw());
        assertEquals(before + 1, gw.inboundLength());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    // ------------------------------------------------------------------ paths

    @Test
    void pathsThatClimbOutOfTheConsole_findNothing() {
        List<String> paths = List.of("/console/../../etc/passwd", "/console/..%2f..%2fetc%2fpasswd", "/console/%2e%2e/%2e%2e/etc/passwd",
                "/console/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/console/%252e%252e%252fetc%252fpasswd", "/console/..\\..\\etc\\passwd",
                "/console/..%5c..%5cetc%5cpasswd", "/console//etc/passwd", "/console/console.js%00.html", "/console/console.js/../../../etc/passwd",
                "/console/%c0%ae%c0%ae/etc/passwd", "/etc/passwd", "//etc/passwd", "/sim/../../etc/passwd", "/sim/%2e%2e/gateway.yaml",
                "/console/chart.umd.min.js/../../../../pom.xml", "/webjars/chart.js/../../../../etc/passwd",
                "/META-INF/resources/webjars/chart.js/4.4.0/dist/chart.umd.min.js", "/web/console/index.html",
                "/console/../../config/gateway.yaml", "/console/..;/..;/etc/passwd", "/zhijian/bot/Gateway.class", "/logback.xml");
        for (String p : paths) {
            GatewayHarness.Response r = gw.raw("GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(r.status() == 400 || r.status() == 404, p + ": " + r.status());
            assertFalse(r.raw().contains("root:") || r.raw().contains("<configuration") || r.raw().contains("redis:"), p + ": " + r.raw());
        }
        // a request line with an absolute URL is read for its path only
        GatewayHarness.Response abs = gw.raw("GET file:///etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(abs.status() == 400 || abs.status() == 404, "absolute: " + abs.status());
        assertFalse(abs.raw().contains("root:"));
        assertEquals(200, gw.get("/console/console.js").status(), "the console's own files are there");
        stillServing();
    }
}
