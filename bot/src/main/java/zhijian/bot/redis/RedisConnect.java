package zhijian.bot.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;
import zhijian.bot.GatewayConfig.RedisSettings;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;

/**
 * The one Redis client of a gateway, as its settings say: a pool on one server, a pool on the master the sentinels
 * name (and follow it when they fail over), or a cluster client. All three are Jedis's {@link UnifiedJedis}, so the
 * rest of the gateway does not know which it has.
 */
public final class RedisConnect {
    /** Connect and read timeout; blocking reads (XREADGROUP BLOCK) wait longer by their own argument. */
    private static final int TIMEOUT_MS = 2000;
    /** How long a cluster command may chase redirections and reconnect before it gives up (then: 503, WeCom retries). */
    private static final Duration CLUSTER_RETRY_FOR = Duration.ofSeconds(4);
    private static final int CLUSTER_ATTEMPTS = 5;

    private RedisConnect() {}

    /** @param url the standalone server, when the settings name none (the embedded one) */
    public static UnifiedJedis connect(RedisSettings s, String url) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMinIdle(2);
        pool.setMaxWait(Duration.ofSeconds(2));
        pool.setJmxEnabled(false);
        return switch (s.mode()) {
            case STANDALONE -> {
                URI uri = URI.create(url);
                String password = JedisURIHelper.getPassword(uri);
                String user = JedisURIHelper.getUser(uri);
                yield new JedisPooled(pool, JedisURIHelper.getHostAndPort(uri), DefaultJedisClientConfig.builder()
                        .user(user != null ? user : s.user()).password(password != null ? password : s.password())
                        .database(JedisURIHelper.getDBIndex(uri)).ssl(JedisURIHelper.isRedisSSLScheme(uri))
                        .timeoutMillis(TIMEOUT_MS).build());
            }
            case SENTINEL -> new JedisSentineled(s.master(), DefaultJedisClientConfig.builder().user(s.user())
                    .password(s.password()).database(s.database()).timeoutMillis(TIMEOUT_MS).build(), pool,
                    new LinkedHashSet<>(s.nodes()),
                    DefaultJedisClientConfig.builder().password(s.sentinelPassword()).timeoutMillis(TIMEOUT_MS).build());
            case CLUSTER -> new JedisCluster(new LinkedHashSet<HostAndPort>(s.nodes()), DefaultJedisClientConfig.builder()
                    .user(s.user()).password(s.password()).timeoutMillis(TIMEOUT_MS).build(), CLUSTER_ATTEMPTS,
                    CLUSTER_RETRY_FOR, pool);
        };
    }

    /**
     * PING the server that holds the gateway's keys: on a cluster the node serving the prefix's slot (a plain PING
     * would go to any node and could answer while the gateway's own master is down).
     */
    public static void ping(UnifiedJedis redis, RedisKeys keys) {
        redis.sendCommand(keys.inbound(), Protocol.Command.PING);
    }
}
