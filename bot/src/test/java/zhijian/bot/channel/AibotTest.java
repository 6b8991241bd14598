package zhijian.bot.channel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import zhijian.bot.Json;
import zhijian.bot.channel.wecom.CallbackCrypto;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.WecomCallbacks;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;

/**
 * The WeCom 智能机器人 in an internal group: {@code /wecom/aibot/callback} takes its encrypted JSON callbacks, an
 * @-mention goes into the pipeline as a message in the bound group, and the answer goes back through the message's
 * {@code response_url}.
 */
class AibotTest {
    static final String TOKEN = "aibotToken123";
    static final String KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final String CHAT_ID = "wrAibotPoliceChat01";
    static final long NOW = GatewayHarness.T0.getEpochSecond();

    @TempDir
    Path tmp;
    private FakeWecom wecom;
    private GatewayHarness gw;
    private final WecomCallbacks callbacks = new WecomCallbacks(TOKEN, KEY, "");

    @BeforeEach
    void start(TestInfo info) throws Exception {
        wecom = new FakeWecom();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZJ_WECOM_AIBOT_TOKEN", TOKEN);
        env.put("ZJ_WECOM_AIBOT_AES_KEY", KEY);
        env.put("ZJ_WECOM_MAX_SKEW_S", "300");
        env.put("ZJ_SEEDS_DIR", seedsWithAibotGroup().toString());
        gw = GatewayHarness.start("aibot-" + info.getTestMethod().orElseThrow().getName(), env);
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        if (wecom != null) wecom.close();
    }

    /** The demo seeds plus an internal police group with the 智能机器人 in it (tier 2: its admin is the grid's officer). */
    private Path seedsWithAibotGroup() throws IOException {
        Path dir = tmp.resolve("seeds");
        Path from = GatewayHarness.seedsDir();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        Files.writeString(dir.resolve("groups.yaml"), """

                  - id: g-aibot
                    name: 派出所民警工作群
                    tier: 2
                    kind: venue
                    grid: azha
                    channel: wecom_aibot
                    channel_ref: %s
                    members: [p-tashi, p-duoji, p-liu, p-basang]
                """.formatted(CHAT_ID), StandardOpenOption.APPEND);
        return dir;
    }

    private String callback(String msgId, String chatId, String from, String text, String replyPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgid", msgId);
        m.put("aibotid", "aibAZHA0001");
        m.put("chatid", chatId);
        m.put("chattype", "group");
        m.put("from", Map.of("userid", from));
        m.put("response_url", wecom.base() + replyPath);
        m.put("msgtype", "text");
        m.put("text", Map.of("content", text));
        return Json.write(m);
    }

    private GatewayHarness.Response post(WecomCallbacks.Signed s) {
        return gw.post("/wecom/aibot/callback?" + s.query(), "application/json", s.body());
    }

    @Test
    void groupMention_isAcceptedAtOnce_andAnsweredThroughTheResponseUrl() {
        WecomCallbacks.Signed s = callbacks.json(callback("msgAIBOT0001", CHAT_ID, "DuoJi", "@指尖服务 办身份证要带什么", "/aibot/reply/1"), NOW);
        long before = gw.inboundLength();
        GatewayHarness.Response r = post(s);
        assertEquals(200, r.status(), r.raw());
        assertEquals("", r.raw(), "answered at once with an empty body");
        assertEquals(before + 1, gw.inboundLength(), "the message is on the inbound stream");

        List<FakeWecom.Call> replies = eventually(() -> wecom.calls("/aibot/reply/1"), l -> !l.isEmpty(), "a reply to the response_url");
        JsonNode body = replies.get(0).body();
        assertEquals("markdown", body.path("msgtype").asText(), body.toString());
        String text = body.path("markdown").path("content").asText();
        assertTrue(text.contains("户口簿"), text);
        assertTrue(text.contains("办身份证要带什么"), "quotes the question: " + text);
    }

    @Test
    void urlVerification_echoesThePlaintext_andAForgedSignatureIsRefused() {
        CallbackCrypto crypto = new CallbackCrypto(TOKEN, KEY, "");
        String echo = crypto.seal("8877665544332211");
        String sig = crypto.sign(String.valueOf(NOW), "4711", echo);
        GatewayHarness.Response ok = gw.get("/wecom/aibot/callback?msg_signature=" + sig + "&timestamp=" + NOW + "&nonce=4711&echostr="
                + URLEncoder.encode(echo, StandardCharsets.UTF_8));
        assertEquals(200, ok.status(), ok.raw());
        assertEquals("8877665544332211", ok.raw(), "the plaintext alone");

        String forgedSig = (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1);
        GatewayHarness.Response forged = gw.get("/wecom/aibot/callback?msg_signature=" + forgedSig + "&timestamp=" + NOW
                + "&nonce=4711&echostr=" + URLEncoder.encode(echo, StandardCharsets.UTF_8));
        assertEquals(403, forged.status(), forged.raw());
    }

    @Test
    void aBadSignature_isRefused_andNothingIsQueued() {
        WecomCallbacks.Signed s = callbacks.json(callback("msgAIBOT0002", CHAT_ID, "DuoJi", "@指尖服务 办身份证要带什么", "/aibot/reply/2"), NOW);
        String forged = s.query().replaceFirst("msg_signature=[0-9a-f]{4}", "msg_signature=0000");
        long before = gw.inboundLength();
        GatewayHarness.Response r = gw.post("/wecom/aibot/callback?" + forged, "application/json", s.body());
        assertEquals(403, r.status(), r.raw());
        assertTrue(r.raw().contains("bad_signature"), r.raw());
        assertEquals(before, gw.inboundLength());

        // signed by someone holding another token
        WecomCallbacks.Signed other = new WecomCallbacks("someOtherToken", KEY, "")
                .json(callback("msgAIBOT0003", CHAT_ID, "DuoJi", "@指尖服务 办身份证要带什么", "/aibot/reply/3"), NOW);
        assertEquals(403, post(other).status());
        assertEquals(before, gw.inboundLength(), "nothing queued");
    }

    @Test
    void aGroupNotInTheMatrix_getsIts200_butNothingIsQueued() {
        WecomCallbacks.Signed s = callbacks.json(callback("msgAIBOT0004", "wrSomeOtherGroup99", "DuoJi", "@指尖服务 办身份证要带什么", "/aibot/reply/4"), NOW);
        long before = gw.inboundLength();
        GatewayHarness.Response r = post(s);
        assertEquals(200, r.status(), "WeCom must get its 200 or it retries: " + r.raw());
        assertEquals(before, gw.inboundLength(), "nothing queued for a group the matrix does not have");
        assertEquals(1, gw.gateway.counters().get("aibot.unknown_group"));
        assertTrue(wecom.calls("/aibot/reply/4").isEmpty());
    }

    @Test
    void theSameMessageTwice_isAnsweredOnce() {
        String plain = callback("msgAIBOT0005", CHAT_ID, "DuoJi", "@指尖服务 办身份证要带什么", "/aibot/reply/5");
        long before = gw.inboundLength();
        // WeCom retries with a new nonce and signature and the same msgid
        assertEquals(200, post(callbacks.json(plain, NOW)).status());
        assertEquals(200, post(callbacks.json(plain, NOW + 5)).status());
        assertEquals(before + 1, gw.inboundLength(), "queued once");
        assertEquals(1, gw.gateway.counters().get("aibot.duplicates"));

        eventually(() -> wecom.calls("/aibot/reply/5"), l -> !l.isEmpty(), "the answer");
        gw.awaitDrained();
        assertEquals(1, wecom.calls("/aibot/reply/5").size(), "answered once: " + FakeWecom.texts(wecom.calls("/aibot/reply/5")));
    }


}
