package zhijian.bot.channel;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import zhijian.bot.GatewayConfig;
import zhijian.bot.redis.EmbeddedRedis;
import zhijian.bot.testing.FakeBridge;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;
import zhijian.bot.testing.WecomCallbacks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets (corp secret, AES key, access tokens, robot keys, the bridge token) and residents' phone and ID numbers
 * never reach the log, not even when WeCom and the bridge fail and the gateway logs why; nor does the Redis password.
 */
class SecretsNotLoggedTest {
    static final String CORP = "ww0000000000000001", TOKEN = "zjLogToken", KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String SECRET = "CorpSecretDoNotLog0123456789abcdefABCDEFGH";
    static final String ROBOT_KEY = "robot-key-do-not-log-6f1e2d3c";
    static final String BRIDGE_TOKEN = "bridge-token-do-not-log-9a8b";
    static final String PHONE = "13812345678", ID_NUMBER = "54012219900101123X";
    static final String REDIS_PASSWORD = "redis-pass-do-not-log-5e4d";

    @Test
    void failingChannels_logWhyButNeverASecretOrAResidentsNumbers(@TempDir Path tmp) throws Exception {
        Path seeds = tmp.resolve("seeds");
        Files.createDirectories(seeds);
        try (Stream<Path> files = Files.list(GatewayHarness.seedsDir())) {
            for (Path p : files.toList()) if (Files.isRegularFile(p)) Files.copy(p, seeds.resolve(p.getFileName()));
        }
        // the tier-1 group reached through a group robot, so a robot key is in play
        Path groups = seeds.resolve("groups.yaml");
        Files.writeString(groups, Files.readString(groups, StandardCharsets.UTF_8)
                .replace("    channel: wecom_appchat\n    channel_ref: azha-tier1\n", "    channel: wecom_robot\n    channel_ref: ZJ_ROBOT_KEY_TIER1\n"),
                StandardCharsets.UTF_8);

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (FakeWecom wecom = new FakeWecom(); FakeBridge bridge = new FakeBridge(BRIDGE_TOKEN)) {
            Map<String, String> env = new HashMap<>(Map.of("ZJ_WECOM_CORP_ID", CORP, "ZJ_WECOM_AGENT_ID", "1000002",
                    "ZJ_WECOM_SECRET", SECRET, "ZJ_WECOM_TOKEN", TOKEN, "ZJ_WECOM_AES_KEY", KEY, "ZJ_WECOM_API_BASE", wecom.base(),
                    "ZJ_ROBOT_KEY_TIER1", ROBOT_KEY, "ZJ_BRIDGE_TOKEN", BRIDGE_TOKEN, "ZJ_BRIDGE_URL", bridge.base(),
                    "ZJ_SEEDS_DIR", seeds.toString()));
            try (GatewayHarness gw = GatewayHarness.start("secrets", env)) {
                wecom.expireToken();
                wecom.failNext("/cgi-bin/message/send", 42001, 1);
                wecom.httpErrorNext("/cgi-bin/message/send", 500, 1);
                wecom.httpErrorNext("/cgi-bin/webhook/send", 500, 2);
                bridge.failNext(2);

                // a resident's emergency with a phone and an ID number in it: paged through WeCom, answered through the bridge
                gw.say("g-parents-school", "r-zhuoma", "救命！学生放学一直没回家，找不到人了，我电话" + PHONE + "，身份证" + ID_NUMBER);
                // an officer in the tier-1 group: answered through the robot
                gw.say("g-tier1", "p-duoji", "@指尖服务 帮助");
                // a forged callback and a bridge post with a wrong token
                long now = GatewayHarness.T0.getEpochSecond();
                WecomCallbacks.Signed s = new WecomCallbacks(TOKEN, KEY, CORP).xml(WecomCallbacks.textXml(CORP, "x", PHONE, 1, now), now);
                gw.post("/wecom/callback?" + s.query().replaceFirst("msg_signature=.", "msg_signature=0"), "text/xml", s.body());
                FakeBridge.post(gw.base(), "wrong-" + BRIDGE_TOKEN, "章达村村民群", "次仁（货车）", ID_NUMBER, true, false);

                for (int i = 0; i < 6; i++) {
                    gw.clock.advance(java.time.Duration.ofMinutes(1));
                    gw.gateway.fireDueTimers();
                    Thread.sleep(300);
                }
                assertTrue(wecom.calls("/cgi-bin/webhook/send").size() >= 3, "the robot was tried, failed and retried");
                assertTrue(wecom.tokenRequests() >= 2, "the token expired and was fetched again");
            }
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertFalse(lines.isEmpty(), "the failures were logged");
        assertTrue(lines.stream().anyMatch(l -> l.contains("failed")), "and say what failed");
        for (String l : lines) {
            for (String secret : List.of(SECRET, KEY, ROBOT_KEY, BRIDGE_TOKEN, "TOKEN-1", "TOKEN-2", PHONE, ID_NUMBER)) {
                assertFalse(l.contains(secret), "the log must not contain " + secret + ": " + l);
            }
        }
    }

    @Test
    void theRedisPassword_isUsedButNeverLogged_norShownWhenItIsWrong() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (EmbeddedRedis redis = EmbeddedRedis.start(null)) {
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                j.configSet("requirepass", REDIS_PASSWORD);
            }
            // the password once from ZJ_REDIS_PASSWORD, once inside the URL
            for (String url : List.of(redis.url(), "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port())) {
                GatewayConfig config = GatewayHarness.config(url, TestRedis.freshPrefix("redis-pass"), null,
                        Map.of("ZJ_REDIS_PASSWORD", REDIS_PASSWORD));
                assertFalse(config.toString().contains(REDIS_PASSWORD), config.toString());
                try (GatewayHarness gw = GatewayHarness.start(config, new MutableClock(GatewayHarness.T0))) {
                    gw.say("g-zhangda", "r-ciren", "@指尖服务 办身份证要带什么");
                    gw.awaitBot("g-zhangda", "户口簿");
                }
            }
            // and a gateway that cannot get in says so without the password it tried
            GatewayConfig wrong = GatewayHarness.config(redis.url(), TestRedis.freshPrefix("redis-pass"), null,
                    Map.of("ZJ_REDIS_PASSWORD", REDIS_PASSWORD + "-wrong"));
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> GatewayHarness.start(wrong, new MutableClock(GatewayHarness.T0)).close());
            assertFalse(String.valueOf(refused.getMessage()).contains(REDIS_PASSWORD), refused.getMessage());
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("Redis: redis://***@127.0.0.1")), "the URL is logged redacted");
        for (String l : lines) assertFalse(l.contains(REDIS_PASSWORD), "the log must not contain the Redis password: " + l);
    }
}
