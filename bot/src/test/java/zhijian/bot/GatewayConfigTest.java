package zhijian.bot;

import org.junit.jupiter.api.Test;
import zhijian.bot.testing.GatewayHarness;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {
    private static final Path FILE = GatewayHarness.configDir().resolve("gateway.yaml");

    @Test
    void defaults_fromTheShippedFile() {
        GatewayConfig c = GatewayConfig.load(Map.of(), FILE);
        assertEquals("127.0.0.1", c.http().host());
        assertEquals(8080, c.http().port());
        assertNull(c.redis().url(), "no URL: embedded Redis");
        assertEquals(Path.of("./data"), c.dataDir());
        assertTrue(c.sim().enabled());
    }

    @Test
    void theEnvironment_overridesTheFile() {
        GatewayConfig c = GatewayConfig.load(Map.of("ZJ_HTTP_PORT", "9090", "ZJ_HTTP_HOST", "0.0.0.0",
                "ZJ_REDIS_URL", "redis://10.0.0.5:6379/2", "ZJ_DATA_DIR", "/var/lib/zj"), FILE);
        assertEquals(9090, c.http().port());
        assertEquals("0.0.0.0", c.http().host());
        assertEquals("redis://10.0.0.5:6379/2", c.redis().url());
        assertEquals(Path.of("/var/lib/zj"), c.dataDir());
    }

    @Test
    void badValues_sayWhichSettingAndValue() {
        var e = assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(Map.of("ZJ_HTTP_PORT", "eighty"), FILE));
        assertTrue(e.getMessage().contains("ZJ_HTTP_PORT") && e.getMessage().contains("eighty"), e.getMessage());
        var u = assertThrows(GatewayConfig.ConfigException.class,
                () -> GatewayConfig.load(Map.of("ZJ_REDIS_URL", "http://user:secretpw@host"), FILE));
        assertTrue(u.getMessage().contains("ZJ_REDIS_URL"), u.getMessage());
        assertTrue(!u.getMessage().contains("secretpw"), "a password is never repeated: " + u.getMessage());
    }

    @Test
    void theWeeklySummary_isOnMondayAt0800_unlessConfiguredOtherwise() throws Exception {
        GatewayConfig c = GatewayConfig.load(Map.of(), FILE);
        assertTrue(c.figures().weeklySummaryOn());
        assertEquals("MON 08:00", c.figures().weeklySummary().toString());

        Path off = java.nio.file.Files.createTempFile("gateway", ".yaml");
        java.nio.file.Files.writeString(off, "figures:\n  weekly_summary: \"FRI 17:30\"\n  enabled: false\n");
        GatewayConfig o = GatewayConfig.load(Map.of("ZJ_CONFIG", off.toString()), null);
        assertTrue(!o.figures().weeklySummaryOn());
        assertEquals("FRI 17:30", o.figures().weeklySummary().toString());

        java.nio.file.Files.writeString(off, "figures:\n  weekly_summary: \"Monday morning\"\n");
        var e = assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(Map.of("ZJ_CONFIG", off.toString()), null));
        assertTrue(e.getMessage().contains("figures.weekly_summary") && e.getMessage().contains("Monday morning")
                && e.getMessage().contains(":2:"), e.getMessage());
        java.nio.file.Files.delete(off);
    }

    @Test
    void redisPasswords_areRedactedForLogs() {
        assertEquals("redis://***@db:6379/0", GatewayConfig.redactUrl("redis://default:hunter2@db:6379/0"));
    }

    @Test
    void theExampleProductionFile_loads_withTheSimulatorOff() {
        GatewayConfig c = GatewayConfig.load(Map.of("ZJ_CONFIG", GatewayHarness.configDir().resolve("gateway.example-production.yaml").toString()), null);
        assertTrue(!c.sim().enabled());
        assertEquals(20, c.channels().limits().get("wecom_robot").perTarget());
        assertEquals(6, c.channels().delivery().maxAttempts());
    }

    @Test
    void aChannelIsOn_onlyWhenItsSettingsAreThere_andSecretsStayOutOfToString() {
        GatewayConfig off = GatewayConfig.load(Map.of(), FILE);
        assertTrue(!off.channels().wecom().callbackOn() && !off.channels().wecom().apiOn() && !off.channels().bridge().on());

        Map<String, String> env = Map.of("ZJ_WECOM_CORP_ID", "ww01", "ZJ_WECOM_AGENT_ID", "1000002",
                "ZJ_WECOM_SECRET", "SuperSecretValue123", "ZJ_WECOM_TOKEN", "tok", "ZJ_WECOM_AES_KEY", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                "ZJ_ROBOT_KEY_TIER1", "robotkey-abc", "ZJ_BRIDGE_TOKEN", "bridgetok-xyz", "ZJ_BRIDGE_URL", "http://127.0.0.1:3001/",
                "ZJ_ADMIN_TOKEN", "admintok-123");
        GatewayConfig on = GatewayConfig.load(env, FILE);
        assertTrue(on.channels().wecom().callbackOn() && on.channels().wecom().apiOn() && on.channels().bridge().on());
        assertEquals("robotkey-abc", on.channels().wecom().robotKeys().get("ZJ_ROBOT_KEY_TIER1"));
        assertEquals("http://127.0.0.1:3001", on.channels().bridge().url(), "no trailing slash");
        String shown = on.toString();
        for (String secret : new String[]{"SuperSecretValue123", "robotkey-abc", "bridgetok-xyz", "admintok-123", "jWmYm7qr5nMo"}) {
            assertTrue(!shown.contains(secret), "toString must not show " + secret + ": " + shown);
        }
    }

    @Test
    void aBadAesKeyOrAgentId_isNamed() {
        var key = assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(Map.of("ZJ_WECOM_AES_KEY", "short"), FILE));
        assertTrue(key.getMessage().contains("ZJ_WECOM_AES_KEY") && !key.getMessage().contains("short"), key.getMessage());
        var agent = assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(Map.of("ZJ_WECOM_AGENT_ID", "abc"), FILE));
        assertTrue(agent.getMessage().contains("ZJ_WECOM_AGENT_ID"), agent.getMessage());
    }
}
