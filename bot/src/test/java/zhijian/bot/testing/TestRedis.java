package zhijian.bot.testing;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.redis.EmbeddedRedis;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Redis for the whole test run: {@code ZJ_TEST_REDIS_URL} when set, else an embedded redis-server started
 * on first use and stopped when the JVM exits. Every test works under its own key prefix, so tests never see each
 * other's keys.
 */
public final class TestRedis {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static String url;
    private static UnifiedJedis client;

    private TestRedis() {}

    public static synchronized String url() {
        if (url == null) {
            String configured = System.getenv("ZJ_TEST_REDIS_URL");
            if (configured != null && !configured.isBlank()) {
                url = configured;
            } else {
                try {
                    EmbeddedRedis redis = EmbeddedRedis.start(null);
                    Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
                    url = redis.url();
                } catch (Exception e) {
                    throw new IllegalStateException("tests need a real Redis: " + e.getMessage(), e);
                }
            }
        }
        return url;
    }

    /** A client on the shared test Redis. */
    public static synchronized UnifiedJedis client() {
        if (client == null) client = new JedisPooled(URI.create(url()));
        return client;
    }

    /** A key prefix no other test uses. */
    public static String freshPrefix(String test) {
        return "zjt" + PREFIXES.incrementAndGet() + "-" + ProcessHandle.current().pid() + "-" + test + ":";
    }
}
