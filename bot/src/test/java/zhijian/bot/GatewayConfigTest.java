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
    void redisPasswords_areRedactedForLogs() {
        assertEquals("redis://***@db:6379/0", GatewayConfig.redactUrl("redis://default:hunter2@db:6379/0"));
    }
}
