package zhijian.bot.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import zhijian.bot.GatewayConfig;
import zhijian.bot.GatewayConfig.ConfigException;
import zhijian.bot.GatewayConfig.RedisMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis settings an operator writes: standalone, Sentinel or Cluster, and the mistakes they are told about. */
class RedisModesConfigTest {
    private static GatewayConfig.RedisSettings load(Map<String, String> env) {
        return GatewayConfig.load(env, null).redis();
    }

    private static String refused(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> GatewayConfig.load(env, null)).getMessage();
    }

    @Test
    void standalone_isTheDefault_andWithoutAUrlTheEmbeddedRedisStarts() {
        GatewayConfig.RedisSettings r = load(Map.of());
        assertEquals(RedisMode.STANDALONE, r.mode());
        assertNull(r.url());
        assertEquals("zj:", r.keyPrefix());
    }

    @Test
    void cluster_fromTheEnvironment_withAHashTaggedPrefix() {
        GatewayConfig.RedisSettings r = load(Map.of("ZJ_REDIS_MODE", "cluster", "ZJ_REDIS_NODES", "10.0.0.5:7000, 10.0.0.6:7000",
                "ZJ_REDIS_PREFIX", "{zj}:"));
        assertEquals(RedisMode.CLUSTER, r.mode());
        assertEquals(List.of(new HostAndPort("10.0.0.5", 7000), new HostAndPort("10.0.0.6", 7000)), r.nodes());
    }

    @Test
    void cluster_withoutAHashTagInThePrefix_isRefused_sayingWhy() {
        for (String prefix : List.of("zj:", "{}zj:", "zj{:")) {
            String m = refused(Map.of("ZJ_REDIS_MODE", "cluster", "ZJ_REDIS_NODES", "10.0.0.5:7000", "ZJ_REDIS_PREFIX", prefix));
            assertTrue(m.contains("hash tag") && m.contains("{zj}:") && m.contains("'" + prefix + "'"), m);
        }
    }

    @Test
    void sentinel_fromTheFile_withTheEnvironmentOnTop(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("gateway.yaml");
        Files.writeString(file, """
                redis:
                  mode: sentinel
                  sentinel:
                    master: zhijian
                    nodes: [10.0.0.5:26379, 10.0.0.6:26379, 10.0.0.7:26379]
                    database: 2
                """);
        GatewayConfig.RedisSettings r = load(Map.of("ZJ_CONFIG", file.toString()));
        assertEquals(RedisMode.SENTINEL, r.mode());
        assertEquals("zhijian", r.master());
        assertEquals(2, r.database());
        assertEquals(3, r.nodes().size());
        assertEquals("zj:", r.keyPrefix(), "no hash tag needed on Sentinel");

        r = load(Map.of("ZJ_CONFIG", file.toString(), "ZJ_REDIS_MASTER", "other", "ZJ_REDIS_NODES", "sentinel-1:26379"));
        assertEquals("other", r.master());
        assertEquals(List.of(new HostAndPort("sentinel-1", 26379)), r.nodes());
    }

    @Test
    void mistakes_nameTheSetting() {
        assertTrue(refused(Map.of("ZJ_REDIS_MODE", "sentinal")).contains("standalone, sentinel or cluster"));
        assertTrue(refused(Map.of("ZJ_REDIS_MODE", "sentinel", "ZJ_REDIS_NODES", "s1:26379")).contains("ZJ_REDIS_MASTER"));
        assertTrue(refused(Map.of("ZJ_REDIS_MODE", "sentinel", "ZJ_REDIS_MASTER", "m")).contains("ZJ_REDIS_NODES"));
        assertTrue(refused(Map.of("ZJ_REDIS_MODE", "cluster", "ZJ_REDIS_PREFIX", "{zj}:", "ZJ_REDIS_NODES", "10.0.0.5"))
                .contains("not host:port"));
        assertTrue(refused(Map.of("ZJ_REDIS_MODE", "cluster", "ZJ_REDIS_PREFIX", "{zj}:", "ZJ_REDIS_NODES", "h:7000",
                "ZJ_REDIS_URL", "redis://h:7000")).contains("ZJ_REDIS_URL is for redis.mode standalone"));
    }

    @Test
    void thePassword_comesFromTheEnvironment_andIsNeverPrinted() {
        String secret = "redis-pass-do-not-print-31337";
        Map<String, String> env = new HashMap<>(Map.of("ZJ_REDIS_MODE", "sentinel", "ZJ_REDIS_MASTER", "zhijian",
                "ZJ_REDIS_NODES", "s1:26379", "ZJ_REDIS_PASSWORD", secret, "ZJ_REDIS_SENTINEL_PASSWORD", secret + "-s"));
        GatewayConfig c = GatewayConfig.load(env, null);
        assertEquals(secret, c.redis().password());
        assertEquals(secret + "-s", c.redis().sentinelPassword());
        for (String shown : List.of(c.toString(), c.redis().toString(), c.redis().describe())) {
            assertFalse(shown.contains(secret), shown);
            assertTrue(shown.contains("password set"), shown);
        }
    }
}
