package zhijian.bot.bench;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.redis.EmbeddedRedis;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.GatewayConfig;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;
import zhijian.seed.SeedLoader;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the benchmark commands share: the scaled matrix, a fake channel, Redis and JVM memory, and the statistics. */
final class BenchKit {
    /** WeCom's callback settings of every benchmark gateway (not secrets: made up for the loopback run). */
    static final String CORP = "ww0000000000b3nch", TOKEN = "zjBenchToken", AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String ADMIN_TOKEN = "bench-admin-token-0123456789";

    private BenchKit() {}

    // ---------------------------------------------------------------- the gateway

    /**
     * The environment of a benchmark gateway: the project's config file, the given Redis and seeds, any free port,
     * no simulator (its fallback would take sends meant for the fake), WeCom's callback on.
     */
    static Map<String, String> env(String redisUrl, String prefix, Path seeds) {
        Map<String, String> env = new HashMap<>();
        env.put("ZJ_CONFIG", System.getenv().getOrDefault("ZJ_CONFIG", "config/gateway.yaml"));
        env.put("ZJ_REDIS_URL", redisUrl);
        env.put("ZJ_REDIS_PREFIX", prefix);
        env.put("ZJ_HTTP_PORT", "0");
        env.put("ZJ_SEEDS_DIR", seeds.toString());
        env.put("ZJ_SIM_ENABLED", "false");
        env.put("ZJ_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ZJ_INSTANCE", "bench");
        env.put("ZJ_WECOM_CORP_ID", CORP);
        env.put("ZJ_WECOM_TOKEN", TOKEN);
        env.put("ZJ_WECOM_AES_KEY", AES_KEY);
        return env;
    }

    static GatewayConfig config(Map<String, String> env) {
        return GatewayConfig.load(env, Path.of(env.get("ZJ_CONFIG")));
    }

    /** Every channel unpaced: the benchmarks measure the gateway's own cost, not WeCom's limits. */
    static GatewayConfig unlimited(GatewayConfig c) {
        Map<String, zhijian.bot.ChannelConfig.Limit> limits = new LinkedHashMap<>();
        c.channels().limits().forEach((k, v) -> limits.put(k, new zhijian.bot.ChannelConfig.Limit(0, 0, v.window())));
        return c.withLimits(limits);
    }

    /** The per-message INFO lines off (WARN and above stay): thousands a second would measure the terminal. */
    static void quietLogs() {
        org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger("zhijian");
        if (l instanceof ch.qos.logback.classic.Logger lb) lb.setLevel(ch.qos.logback.classic.Level.WARN);
    }

    /**
     * A temporary directory and a Redis: the configured one ({@code ZJ_REDIS_URL}), or an embedded redis-server with
     * its append-only file there (fsync every second), as the gateway runs one by default.
     */
    static final class Rig implements AutoCloseable {
        final Path dir;
        final String url;
        private final EmbeddedRedis embedded;

        Rig(GatewayConfig base) throws IOException {
            dir = Files.createTempDirectory("zj-bench-");
            if (base.redis().url() == null) {
                embedded = EmbeddedRedis.start(dir);
                url = embedded.url();
            } else {
                embedded = null;
                url = base.redis().url();
            }
        }

        @Override
        public void close() throws IOException {
            if (embedded != null) embedded.close();
            deleteTree(dir);
        }
    }

    static String machine() {
        return String.format("%d cores, max heap %d MiB, Java %s; %s", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version(), loadAverage());
    }

    /** The machine's load average: other work on it shows here (the figures are only as good as a quiet machine). */
    static String loadAverage() {
        return String.format("load average %.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    // ---------------------------------------------------------------- the matrix

    /** The project's seeds with groups.yaml replaced: the tier-1 group and {@code n} tier-2 groups over the grids. */
    static Path writeSeeds(Path from, Path to, int n, String channel) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        Matrix real = SeedLoader.load(from).matrix();
        List<String> grids = real.grids().stream().map(g -> g.id()).toList();
        String[] kinds = {"village", "village", "village", "enterprise", "venue", "parents"};
        StringBuilder y = new StringBuilder("groups:\n");
        y.append("  - {id: g-tier1, name: 阿扎乡派出所信息发布群, tier: 1, kind: publishing, channel: ").append(channel)
                .append(", channel_ref: azha-tier1, members: [p-wang, p-duoji]}\n");
        for (int i = 1; i <= n; i++) {
            y.append(String.format("  - {id: g-b%05d, name: 测试群%05d, tier: 2, kind: %s, grid: %s, channel: %s, channel_ref: bench-%05d}%n",
                    i, i, kinds[i % kinds.length], grids.get(i % grids.size()), channel, i));
        }
        Files.writeString(to.resolve("groups.yaml"), y.toString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return to;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    // ---------------------------------------------------------------- the fake channel

    /** What a fake channel was asked to send: sends per chat (of the messages counted), every call, the texts kept. */
    static final class Counts {
        final Map<String, AtomicLong> chats = new ConcurrentHashMap<>();
        final AtomicLong calls = new AtomicLong();
        /** The last text sent to each chat, for chats {@link #keepText} says to keep. */
        final Map<String, String> texts = new ConcurrentHashMap<>();
        private final Predicate<OutboundMessage> counted;
        private final Predicate<String> keepText;

        Counts(Predicate<OutboundMessage> counted, Predicate<String> keepText) {
            this.counted = counted;
            this.keepText = keepText;
        }

        long duplicates() {
            return duplicates(chat -> true);
        }

        /** How many of these chats were sent to more than once. */
        long duplicates(Predicate<String> chat) {
            return chats.entrySet().stream().filter(e -> chat.test(e.getKey()) && e.getValue().get() > 1).count();
        }

        long chatsWith(Predicate<String> chat) {
            return chats.keySet().stream().filter(chat).count();
        }
    }

    /** The fake channel: takes every send at once and counts it. */
    record CountingSender(String channel, Counts counts) implements ChannelSender {
        @Override public int maxTextBytes() { return 2048; }

        @Override
        public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry) {
            counts.calls.incrementAndGet();
            if (counts.counted.test(m)) counts.chats.computeIfAbsent(chat.id(), k -> new AtomicLong()).incrementAndGet();
            if (counts.keepText.test(chat.id())) counts.texts.put(chat.id(), part);
            return Receipt.sent();
        }
    }

    /** One fake sender sharing {@code counts} for each of these channels. */
    static Map<String, ChannelSender> fakes(Counts counts, String... channels) {
        Map<String, ChannelSender> out = new LinkedHashMap<>();
        for (String c : channels) out.put(c, new CountingSender(c, counts));
        return out;
    }

    // ---------------------------------------------------------------- Redis and the JVM

    /** Nothing on either stream waits for a worker (everything left is in the delayed set). */
    static boolean idle(UnifiedJedis redis, RedisKeys keys) {
        return drained(redis, keys.inbound(), RedisKeys.INBOX_GROUP) && drained(redis, keys.outbound(), RedisKeys.DELIVERY_GROUP);
    }

    static boolean drained(UnifiedJedis r, String stream, String group) {
        if (!r.exists(stream)) return true;
        List<StreamEntry> last = r.xrevrange(stream, "+", "-", 1);
        if (last.isEmpty()) return true;
        return r.xinfoGroups(stream).stream().filter(g -> g.getName().equals(group))
                .anyMatch(g -> g.getPending() == 0 && last.get(0).getID().equals(g.getLastDeliveredId()));
    }

    /** Waits up to a minute for {@code done}; whether it came true. */
    static boolean awaitOrNot(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(5);
        }
        return true;
    }

    static <T> T await(Supplier<T> f) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            T v = f.get();
            if (v != null) return v;
            Thread.sleep(2);
        }
        throw new IllegalStateException("timed out");
    }


    /** One section of INFO as field → value. */
    static Map<String, String> info(String url, String section) {
        String text;
        try (Jedis j = new Jedis(URI.create(url))) {
            text = j.info(section);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) out.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return out;
    }

    static long usedMemory(String url) {
        return Long.parseLong(info(url, "memory").getOrDefault("used_memory", "0"));
    }

    /** Calls per command since Redis started ({@code INFO commandstats}), commands run inside scripts included. */
    static Map<String, Long> commandCalls(String url) {
        Map<String, Long> out = new TreeMap<>();
        info(url, "commandstats").forEach((k, v) -> {
            if (!k.startsWith("cmdstat_")) return;
            for (String part : v.split(",")) {
                if (part.startsWith("calls=")) out.put(k.substring("cmdstat_".length()), Long.parseLong(part.substring(6)));
            }
        });
        return out;
    }

    /** Heap in use after full collections. */
    static long heapUsed() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return heapUsedNow();
    }

    static long heapUsedNow() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** This JVM's resident set (VmRSS), in bytes; 0 where /proc is not there. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    // ---------------------------------------------------------------- statistics

    /** The value at quantile {@code q} (0..1) of sorted values, nearest rank. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** "median (min–max)" of several runs' figures. */
    static String medianRange(double[] runs, String format) {
        double[] s = runs.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(format, median) + " (" + String.format(format, s[0]) + "–" + String.format(format, s[s.length - 1]) + ")";
    }
}
