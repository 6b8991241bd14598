package zhijian.bot;

import zhijian.seed.YamlNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's settings: {@code config/gateway.yaml}, overridden by the environment. The only place that reads
 * either; everything else gets the narrow record it needs through its constructor.
 */
public record GatewayConfig(Http http, RedisSettings redis, Path dataDir, Path seedsDir, Sim sim, Workers workers,
                            Duration dedupTtl, String instanceId) {

    public record Http(String host, int port, int maxBodyBytes) {}

    /** {@code url} null means: start an embedded redis-server. */
    public record RedisSettings(String url, String keyPrefix) {}

    public record Sim(boolean enabled, int maxTextChars) {}

    public record Workers(int inboxThreads, int deliveryThreads, Duration claimIdle, int maxAttempts,
                          Duration timerPoll) {}

    /** A setting that cannot be used; the message names the setting and the value. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /**
     * Reads the file (when it exists; built-in defaults otherwise) and applies the environment on top.
     * Recognised variables: ZJ_CONFIG (the file), ZJ_HTTP_HOST, ZJ_HTTP_PORT, ZJ_REDIS_URL, ZJ_REDIS_PREFIX,
     * ZJ_DATA_DIR, ZJ_SEEDS_DIR, ZJ_SIM_ENABLED, ZJ_INSTANCE.
     */
    public static GatewayConfig load(Map<String, String> env, Path defaultFile) {
        Path file = env.containsKey("ZJ_CONFIG") ? Path.of(env.get("ZJ_CONFIG")) : defaultFile;
        YamlNode root;
        if (file != null && Files.isRegularFile(file)) {
            try {
                root = YamlNode.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException("cannot read " + file + ": " + e.getMessage());
            }
        } else if (env.containsKey("ZJ_CONFIG")) {
            throw new ConfigException("ZJ_CONFIG names a file that does not exist: " + file);
        } else {
            root = YamlNode.parse("(defaults)", "{}");
        }
        YamlNode http = root.get("http"), redis = root.get("redis"), sim = root.get("simulator"), w = root.get("workers");

        String host = env.getOrDefault("ZJ_HTTP_HOST", http.get("host").text("127.0.0.1"));
        int port = env.containsKey("ZJ_HTTP_PORT") ? port(env.get("ZJ_HTTP_PORT"), "ZJ_HTTP_PORT")
                : http.get("port").integer(8080);
        int maxBody = http.get("max_body_bytes").integer(256 * 1024);
        if (maxBody < 1024) throw new ConfigException("http.max_body_bytes must be at least 1024, not " + maxBody);

        String url = env.containsKey("ZJ_REDIS_URL") ? env.get("ZJ_REDIS_URL") : redis.get("url").isMissing() ? "" : rawText(redis.get("url"));
        url = url == null || url.isBlank() ? null : url.strip();
        if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ConfigException("ZJ_REDIS_URL must look like redis://host:port/db, not '" + redactUrl(url) + "'");
        }
        String prefix = env.getOrDefault("ZJ_REDIS_PREFIX", redis.get("key_prefix").text("zj:"));

        Path dataDir = Path.of(env.getOrDefault("ZJ_DATA_DIR", root.get("data_dir").text("./data")));
        Path seedsDir = Path.of(env.getOrDefault("ZJ_SEEDS_DIR", root.get("seeds_dir").text("./seeds")));
        boolean simOn = env.containsKey("ZJ_SIM_ENABLED") ? Boolean.parseBoolean(env.get("ZJ_SIM_ENABLED"))
                : sim.get("enabled").bool(true);
        Sim simSettings = new Sim(simOn, positive(sim.get("max_text_chars").integer(2000), "simulator.max_text_chars"));
        Workers workers = new Workers(positive(w.get("inbox_threads").integer(2), "workers.inbox_threads"),
                positive(w.get("delivery_threads").integer(1), "workers.delivery_threads"),
                duration(w.get("claim_idle"), Duration.ofSeconds(30)),
                positive(w.get("max_attempts").integer(5), "workers.max_attempts"),
                duration(w.get("timer_poll"), Duration.ofMillis(500)));
        Duration dedupTtl = duration(root.get("dedup_ttl"), Duration.ofHours(24));
        if (dedupTtl.toSeconds() < 60) throw new ConfigException("dedup_ttl must be at least 60s (WeCom retries), not " + dedupTtl);
        String instance = env.getOrDefault("ZJ_INSTANCE", defaultInstanceId());
        return new GatewayConfig(new Http(host, port, maxBody), new RedisSettings(url, prefix), dataDir, seedsDir,
                simSettings, workers, dedupTtl, instance);
    }

    /** A copy for another port and Redis, as tests and the load tools start several gateways. */
    public GatewayConfig with(int port, String redisUrl, String keyPrefix, Path dataDir) {
        return new GatewayConfig(new Http(http.host(), port, http.maxBodyBytes()), new RedisSettings(redisUrl, keyPrefix),
                dataDir, seedsDir, sim, workers, dedupTtl, instanceId);
    }

    public GatewayConfig withWorkers(Workers w) {
        return new GatewayConfig(http, redis, dataDir, seedsDir, sim, w, dedupTtl, instanceId);
    }

    public GatewayConfig withInstance(String id) {
        return new GatewayConfig(http, redis, dataDir, seedsDir, sim, workers, dedupTtl, id);
    }

    /** The Redis URL without its password, for logs. */
    public static String redactUrl(String url) {
        return url == null ? "(embedded)" : url.replaceAll("//[^@/]*@", "//***@");
    }

    private static String rawText(YamlNode n) {
        try {
            return n.text();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static int port(String v, String name) {
        try {
            int p = Integer.parseInt(v.strip());
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a port number (0-65535), not '" + v + "'");
        }
    }

    private static int positive(int v, String name) {
        if (v <= 0) throw new ConfigException(name + " must be above 0, not " + v);
        return v;
    }

    private static Duration duration(YamlNode n, Duration fallback) {
        if (n.isMissing()) return fallback;
        String v = n.text();
        if (v.endsWith("ms")) {
            try {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(n.file() + ":" + n.line() + ": not a duration: " + v);
            }
        }
        Duration d = YamlNode.parseDuration(v);
        if (d == null) throw new ConfigException(n.file() + ":" + n.line() + ": not a duration (like 500ms, 30s, 5m): " + v);
        return d;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "host";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 4);
    }
}
