package zhijian.bot;

import redis.clients.jedis.HostAndPort;
import zhijian.seed.YamlNode;
import zhijian.stats.WeeklySummary;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's settings: {@code config/gateway.yaml}, overridden by the environment. The only place that reads
 * either; everything else gets the narrow record it needs through its constructor.
 */
public record GatewayConfig(Http http, RedisSettings redis, Path dataDir, Path seedsDir, Sim sim, Workers workers,
                            Duration dedupTtl, String instanceId, ChannelConfig channels, String adminToken,
                            Console console, Figures figures) {

    public record Http(String host, int port, int maxBodyBytes) {}

    /** How the gateway reaches Redis: one server, a master found through Sentinel, or a Redis Cluster. */
    public enum RedisMode {
        STANDALONE, SENTINEL, CLUSTER;

        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * Where Redis is. {@code standalone}: {@code url}, or null to start an embedded redis-server. {@code sentinel}: the
     * sentinels {@code nodes} name the current master of {@code master}; {@code database} on it. {@code cluster}:
     * {@code nodes} are a few nodes of the cluster to learn its layout from. {@code user} and {@code password} are the
     * data nodes' (the password only from the environment); {@code sentinelPassword} the sentinels' own, if they have one.
     */
    public record RedisSettings(RedisMode mode, String url, List<HostAndPort> nodes, String master, int database,
                                String user, String password, String sentinelPassword, String keyPrefix) {
        public RedisSettings {
            nodes = List.copyOf(nodes);
        }

        /** A standalone Redis at {@code url} (null: embedded). */
        public RedisSettings(String url, String keyPrefix) {
            this(RedisMode.STANDALONE, url, List.of(), null, 0, null, null, null, keyPrefix);
        }

        /** For logs: the mode and the addresses, never a password. */
        public String describe() {
            return switch (mode) {
                case STANDALONE -> redactUrl(url);
                case SENTINEL -> "sentinel master '" + master + "' via " + joined(nodes) + " db " + database;
                case CLUSTER -> "cluster via " + joined(nodes);
            } + (password != null ? " (password set)" : "");
        }

        private static String joined(List<HostAndPort> nodes) {
            return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
        }

        @Override
        public String toString() {
            return "RedisSettings[" + describe() + ", prefix=" + keyPrefix + "]";
        }
    }

    public record Sim(boolean enabled, int maxTextChars) {}

    /**
     * The staff console. {@code url} is where staff open it (put into the one-time codes' messages);
     * {@code sessionIdle} ends a session nobody used for that long, {@code sessionMax} any session that old;
     * {@code maxFailures} wrong passwords within {@code lockFor} lock the account for {@code lockFor};
     * {@code maxFailuresPerAddress} do the same to the address they came from; {@code secureCookie} marks the session
     * cookie Secure (behind HTTPS); {@code trustForwardedFor} takes the client's address from X-Forwarded-For (behind
     * nginx only).
     */
    public record Console(boolean enabled, String url, Duration sessionIdle, Duration sessionMax, int maxFailures,
                          int maxFailuresPerAddress, Duration lockFor, boolean secureCookie, boolean trustForwardedFor) {}

    public record Workers(int inboxThreads, int deliveryThreads, Duration claimIdle, int maxAttempts,
                          Duration timerPoll) {}

    /** The station's figures: whether last week's summary is posted into the tier-1 group, and when. */
    public record Figures(boolean weeklySummaryOn, WeeklySummary.Schedule weeklySummary) {}

    /** A setting that cannot be used; the message names the setting and the value. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /**
     * Reads the file (when it exists; built-in defaults otherwise) and applies the environment on top.
     * Recognised variables: ZJ_CONFIG (the file), ZJ_HTTP_HOST, ZJ_HTTP_PORT, ZJ_REDIS_MODE, ZJ_REDIS_URL, ZJ_REDIS_NODES,
     * ZJ_REDIS_MASTER, ZJ_REDIS_USER, ZJ_REDIS_PASSWORD, ZJ_REDIS_SENTINEL_PASSWORD, ZJ_REDIS_PREFIX,
     * ZJ_DATA_DIR, ZJ_SEEDS_DIR, ZJ_SIM_ENABLED, ZJ_INSTANCE, ZJ_ADMIN_TOKEN, ZJ_CONSOLE_URL; for the channels ZJ_WECOM_CORP_ID,
     * ZJ_WECOM_AGENT_ID, ZJ_WECOM_SECRET, ZJ_WECOM_TOKEN, ZJ_WECOM_AES_KEY, ZJ_WECOM_API_BASE, ZJ_WECOM_MAX_SKEW_S,
     * ZJ_WECOM_AIBOT_TOKEN, ZJ_WECOM_AIBOT_AES_KEY, ZJ_ROBOT_KEY_*, ZJ_BRIDGE_TOKEN, ZJ_BRIDGE_URL, ZJ_MP_APP_ID,
     * ZJ_MP_SECRET, ZJ_MP_TOKEN, ZJ_MP_AES_KEY, ZJ_MP_API_BASE.
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

        RedisSettings redisSettings = redis(env, redis);
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
        ChannelConfig channels = channels(env, root.get("channels"), root.get("delivery"));
        YamlNode cs = root.get("console");
        String consoleUrl = envOrText(env, "ZJ_CONSOLE_URL", cs.get("url"));
        if (consoleUrl.isBlank()) consoleUrl = "http://" + host + ":" + (port == 0 ? 8080 : port) + "/console/";
        if (!consoleUrl.endsWith("/")) consoleUrl = consoleUrl + "/";
        Console console = new Console(cs.get("enabled").bool(true), consoleUrl,
                duration(cs.get("session_idle"), Duration.ofHours(8)), duration(cs.get("session_max"), Duration.ofDays(7)),
                positive(cs.get("max_failures").integer(5), "console.max_failures"),
                positive(cs.get("max_failures_per_address").integer(30), "console.max_failures_per_address"),
                duration(cs.get("lock_for"), Duration.ofMinutes(15)), cs.get("secure_cookie").bool(false),
                cs.get("trust_forwarded_for").bool(false));
        return new GatewayConfig(new Http(host, port, maxBody), redisSettings, dataDir, seedsDir,
                simSettings, workers, dedupTtl, instance, channels, blankToNull(env.get("ZJ_ADMIN_TOKEN")), console,
                figures(root.get("figures")));
    }

    /**
     * {@code redis.mode} (ZJ_REDIS_MODE): standalone, sentinel or cluster. The password (ZJ_REDIS_PASSWORD, and
     * ZJ_REDIS_SENTINEL_PASSWORD for sentinels with one) only from the environment; a standalone URL may carry it too.
     */
    private static RedisSettings redis(Map<String, String> env, YamlNode redis) {
        String modeText = env.getOrDefault("ZJ_REDIS_MODE", redis.get("mode").text("standalone")).strip();
        RedisMode mode;
        try {
            mode = RedisMode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("redis.mode (ZJ_REDIS_MODE) must be standalone, sentinel or cluster, not '" + modeText + "'");
        }
        String prefix = env.getOrDefault("ZJ_REDIS_PREFIX", redis.get("key_prefix").text("zj:"));
        String user = blankToNull(envOrText(env, "ZJ_REDIS_USER", redis.get("user")));
        String password = blankToNull(env.get("ZJ_REDIS_PASSWORD"));
        String sentinelPassword = blankToNull(env.get("ZJ_REDIS_SENTINEL_PASSWORD"));
        if (mode == RedisMode.STANDALONE) {
            String url = envOrText(env, "ZJ_REDIS_URL", redis.get("url"));
            url = url == null || url.isBlank() ? null : url.strip();
            if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new ConfigException("ZJ_REDIS_URL must look like redis://host:port/db, not '" + redactUrl(url) + "'");
            }
            return new RedisSettings(mode, url, List.of(), null, 0, user, password, null, prefix);
        }
        if (env.containsKey("ZJ_REDIS_URL") && !env.get("ZJ_REDIS_URL").isBlank()) {
            throw new ConfigException("ZJ_REDIS_URL is for redis.mode standalone; in " + mode.id()
                    + " mode set the nodes (ZJ_REDIS_NODES=host:port,host:port) instead");
        }
        YamlNode section = redis.get(mode.id());
        String where = "redis." + mode.id() + ".nodes (ZJ_REDIS_NODES)";
        List<String> nodeTexts = env.containsKey("ZJ_REDIS_NODES") ? List.of(env.get("ZJ_REDIS_NODES").split(","))
                : section.get("nodes").texts().stream().flatMap(t -> java.util.Arrays.stream(t.split(","))).toList();
        List<HostAndPort> nodes = new ArrayList<>();
        for (String n : nodeTexts) if (!n.isBlank()) nodes.add(hostAndPort(n.strip(), where));
        if (nodes.isEmpty()) throw new ConfigException(where + " must name at least one host:port in " + mode.id() + " mode");
        if (mode == RedisMode.CLUSTER) {
            if (!hasHashTag(prefix)) {
                throw new ConfigException("redis.key_prefix (ZJ_REDIS_PREFIX) must carry a hash tag such as \"{zj}:\" in cluster mode, not '"
                        + prefix + "': the gateway's scripts change many keys at once, and Redis Cluster allows that only within one slot");
            }
            return new RedisSettings(mode, null, nodes, null, 0, user, password, null, prefix);
        }
        String master = blankToNull(envOrText(env, "ZJ_REDIS_MASTER", section.get("master")));
        if (master == null) throw new ConfigException("redis.sentinel.master (ZJ_REDIS_MASTER) must name the master the sentinels monitor");
        int db = section.get("database").integer(0);
        if (db < 0) throw new ConfigException("redis.sentinel.database cannot be negative, not " + db);
        return new RedisSettings(mode, null, nodes, master, db, user, password, sentinelPassword, prefix);
    }

    /**
     * Whether every key under this prefix hashes by one tag: Redis hashes the text between the first '{' and the next
     * '}' when that is not empty, so with the tag in the prefix every key of the gateway lands in one slot.
     */
    static boolean hasHashTag(String prefix) {
        int open = prefix.indexOf('{');
        if (open < 0) return false;
        int close = prefix.indexOf('}', open + 1);
        return close > open + 1;
    }

    private static HostAndPort hostAndPort(String text, String where) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) throw new ConfigException(where + ": '" + text + "' is not host:port");
        int p = port(text.substring(colon + 1), where);
        if (p == 0) throw new ConfigException(where + ": '" + text + "' has no port");
        return new HostAndPort(text.substring(0, colon), p);
    }

    private static Figures figures(YamlNode f) {
        YamlNode when = f.get("weekly_summary");
        WeeklySummary.Schedule schedule;
        try {
            schedule = WeeklySummary.Schedule.parse(when.text("MON 08:00"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(when.file() + ":" + when.line() + ": figures.weekly_summary: " + e.getMessage());
        }
        return new Figures(f.get("enabled").bool(true), schedule);
    }

    private static final java.util.List<String> LIMITED = java.util.List.of("wecom_app", "wecom_appchat", "wecom_robot",
            "wecom_kf", "wecom_customer_group", "wecom_aibot", "bridge", "mp", "sim");

    private static ChannelConfig channels(Map<String, String> env, YamlNode c, YamlNode d) {
        String maxSkewText = env.get("ZJ_WECOM_MAX_SKEW_S");
        Duration maxSkew = Duration.ofSeconds(300);
        if (maxSkewText != null && !maxSkewText.isBlank()) {
            try {
                long s = Long.parseLong(maxSkewText.strip());
                if (s < 0) throw new NumberFormatException();
                maxSkew = Duration.ofSeconds(s);
            } catch (NumberFormatException e) {
                throw new ConfigException("ZJ_WECOM_MAX_SKEW_S must be a whole number of seconds (0 = no check), not '" + maxSkewText + "'");
            }
        }
        Integer agentId = null;
        String agentText = blankToNull(env.get("ZJ_WECOM_AGENT_ID"));
        if (agentText != null) {
            try {
                agentId = Integer.parseInt(agentText.strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("ZJ_WECOM_AGENT_ID must be a number, not '" + agentText + "'");
            }
        }
        Map<String, String> robots = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("ZJ_ROBOT_KEY_") && v != null && !v.isBlank()) robots.put(k, v.strip());
        });
        YamlNode wc = c.get("wecom"), bc = c.get("bridge"), mc = c.get("mp");
        String aesKey = blankToNull(env.get("ZJ_WECOM_AES_KEY"));
        if (aesKey != null && aesKey.length() != 43) {
            throw new ConfigException("ZJ_WECOM_AES_KEY must be the 43-character EncodingAESKey (it has " + aesKey.length() + " characters)");
        }
        ChannelConfig.Wecom wecom = new ChannelConfig.Wecom(blankToNull(env.get("ZJ_WECOM_CORP_ID")), agentId,
                blankToNull(env.get("ZJ_WECOM_SECRET")), blankToNull(env.get("ZJ_WECOM_TOKEN")), aesKey,
                stripSlash(env.getOrDefault("ZJ_WECOM_API_BASE", wc.get("api_base").text("https://qyapi.weixin.qq.com"))),
                maxSkew, duration(wc.get("timeout"), Duration.ofSeconds(5)), blankToNull(env.get("ZJ_WECOM_AIBOT_TOKEN")),
                blankToNull(env.get("ZJ_WECOM_AIBOT_AES_KEY")), Map.copyOf(robots));
        ChannelConfig.Bridge bridge = new ChannelConfig.Bridge(blankToNull(env.get("ZJ_BRIDGE_TOKEN")),
                blankToNull(stripSlash(env.get("ZJ_BRIDGE_URL"))), duration(bc.get("health_every"), Duration.ofSeconds(60)),
                duration(bc.get("timeout"), Duration.ofSeconds(10)));
        ChannelConfig.Mp mp = new ChannelConfig.Mp(blankToNull(env.get("ZJ_MP_APP_ID")), blankToNull(env.get("ZJ_MP_SECRET")),
                blankToNull(env.get("ZJ_MP_TOKEN")), blankToNull(env.get("ZJ_MP_AES_KEY")),
                stripSlash(env.getOrDefault("ZJ_MP_API_BASE", mc.get("api_base").text("https://api.weixin.qq.com"))),
                duration(mc.get("timeout"), Duration.ofSeconds(5)));
        Map<String, ChannelConfig.Limit> limits = new java.util.LinkedHashMap<>();
        YamlNode lc = c.get("limits");
        for (String ch : LIMITED) limits.put(ch, limit(lc.get(ch), ch));
        ChannelConfig.Delivery delivery = new ChannelConfig.Delivery(positive(d.get("max_attempts").integer(6), "delivery.max_attempts"),
                duration(d.get("backoff"), Duration.ofSeconds(2)), duration(d.get("max_backoff"), Duration.ofMinutes(5)),
                duration(d.get("max_wait"), Duration.ofHours(48)));
        return new ChannelConfig(wecom, bridge, mp, Map.copyOf(limits), delivery);
    }

    /** Defaults as WeCom publishes its limits, and a cautious pace for the personal-WeChat bridge. */
    private static ChannelConfig.Limit limit(YamlNode n, String channel) {
        ChannelConfig.Limit def = switch (channel) {
            case "wecom_robot" -> new ChannelConfig.Limit(20, 0, Duration.ofMinutes(1));
            case "wecom_app" -> new ChannelConfig.Limit(30, 0, Duration.ofMinutes(1));
            case "wecom_appchat" -> new ChannelConfig.Limit(60, 0, Duration.ofMinutes(1));
            case "wecom_kf" -> new ChannelConfig.Limit(5, 0, Duration.ofMinutes(1));
            case "wecom_customer_group" -> new ChannelConfig.Limit(10, 0, Duration.ofDays(1));
            case "bridge" -> new ChannelConfig.Limit(6, 20, Duration.ofMinutes(1));
            case "mp" -> new ChannelConfig.Limit(20, 0, Duration.ofMinutes(1));
            default -> new ChannelConfig.Limit(0, 0, Duration.ofMinutes(1));
        };
        if (n.isMissing()) return def;
        int perTarget = n.get("per_target").integer(def.perTarget());
        int perChannel = n.get("per_channel").integer(def.perChannel());
        if (perTarget < 0 || perChannel < 0) throw new ConfigException("channels.limits." + channel + ": limits cannot be negative");
        return new ChannelConfig.Limit(perTarget, perChannel, duration(n.get("window"), def.window()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String stripSlash(String s) {
        if (s == null) return null;
        String t = s.strip();
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t;
    }

    /** A copy for another port and Redis, as tests and the load tools start several gateways. */
    public GatewayConfig with(int port, String redisUrl, String keyPrefix, Path dataDir) {
        return new GatewayConfig(new Http(http.host(), port, http.maxBodyBytes()), new RedisSettings(redisUrl, keyPrefix),
                dataDir, seedsDir, sim, workers, dedupTtl, instanceId, channels, adminToken, console, figures);
    }

    public GatewayConfig withWorkers(Workers w) {
        return new GatewayConfig(http, redis, dataDir, seedsDir, sim, w, dedupTtl, instanceId, channels, adminToken, console, figures);
    }

    /** A copy with other channel limits (the fan-out benchmark). */
    public GatewayConfig withLimits(Map<String, ChannelConfig.Limit> limits) {
        ChannelConfig c = new ChannelConfig(channels.wecom(), channels.bridge(), channels.mp(), Map.copyOf(limits),
                channels.delivery());
        return new GatewayConfig(http, redis, dataDir, seedsDir, sim, workers, dedupTtl, instanceId, c, adminToken, console, figures);
    }

    public GatewayConfig withSeeds(Path dir) {
        return new GatewayConfig(http, redis, dataDir, dir, sim, workers, dedupTtl, instanceId, channels, adminToken, console, figures);
    }

    public GatewayConfig withInstance(String id) {
        return new GatewayConfig(http, redis, dataDir, seedsDir, sim, workers, dedupTtl, id, channels, adminToken, console, figures);
    }

    public GatewayConfig withFigures(Figures f) {
        return new GatewayConfig(http, redis, dataDir, seedsDir, sim, workers, dedupTtl, instanceId, channels, adminToken, console, f);
    }

    /** The admin token is a secret: never in a log line. */
    @Override
    public String toString() {
        return "GatewayConfig[http=" + http + ", redis=" + redis.describe() + ", dataDir=" + dataDir + ", seedsDir="
                + seedsDir + ", sim=" + sim + ", workers=" + workers + ", channels=" + channels + ", figures=" + figures
                + ", instance=" + instanceId + "]";
    }

    /** The Redis URL without its password, for logs. */
    public static String redactUrl(String url) {
        return url == null ? "(embedded)" : url.replaceAll("//[^@/]*@", "//***@");
    }

    /** The variable when the environment has it, else the setting's text as written ("" when it is not there). */
    private static String envOrText(Map<String, String> env, String variable, YamlNode n) {
        return env.getOrDefault(variable, n.isMissing() ? "" : rawText(n));
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
