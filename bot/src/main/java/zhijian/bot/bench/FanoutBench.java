package zhijian.bot.bench;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;
import zhijian.bot.ChannelConfig;
import zhijian.bot.Gateway;
import zhijian.bot.GatewayConfig;
import zhijian.bot.redis.EmbeddedRedis;
import zhijian.bot.redis.RedisKeys;
import zhijian.dispatch.Action;
import zhijian.dispatch.Dispatcher;
import zhijian.dispatch.Plan;
import zhijian.dispatch.Snapshot;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;
import zhijian.seed.SeedLoader;
import zhijian.seed.Seeds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench-fanout}: plans and dispatches one broadcast to a county-sized matrix (10,000 tier-2 groups by
 * default) against a fake channel, through the real gateway and a real Redis, and prints the figures:
 * <ul>
 *   <li>planning: the publish decision (scope → targets → the Alert wave) over the whole matrix, pure, in ms;</li>
 *   <li>no limit: wall time from the console's POST to every copy sent, sends per second, memory;</li>
 *   <li>WeCom's limits, and the bridge's pace: the same on a simulated clock (the benchmark jumps the clock to the
 *       next moment something is due), comparing the time the copies took with what the limit allows.</li>
 * </ul>
 * The fake channel counts sends per chat, so a copy sent twice shows.
 */
public final class FanoutBench {
    private static final String CHANNEL = "wecom_appchat";
    private static final String TEXT = "发布【反诈预警】全乡：近期有人冒充快递客服，以理赔为名要求共享屏幕、转账，这是诈骗，请勿操作！";
    private static final String URGENT = "发布【紧急预警】全乡：今夜起有大风降温，请关好门窗、不要在野外用火，沿河住户注意安全。";

    /** @param groups how many groups (0: the command's --groups) */
    private record Scenario(String name, String label, ChannelConfig.Limit limit, boolean simulated, boolean urgent,
                            int groups) {}

    private FanoutBench() {}

    public static int main(List<String> args, GatewayConfig base) throws Exception {
        int groups = 10_000, delivery = 4;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--groups" -> groups = Integer.parseInt(args.get(++i));
                case "--delivery-threads" -> delivery = Integer.parseInt(args.get(++i));
                case "--only" -> only.add(args.get(++i));
                default -> {
                    System.err.println("usage: bench-fanout [--groups 10000] [--delivery-threads 4] [--only planning|unlimited|wecom|bridge]");
                    return 2;
                }
            }
        }
        Path dir = Files.createTempDirectory("zj-bench-");
        Path seeds = BenchKit.writeSeeds(base.seedsDir(), dir.resolve("seeds"), groups, CHANNEL);
        System.out.printf("bench-fanout: %,d tier-2 groups on %s (a fake channel); 发布【反诈预警】全乡 confirmed from the "
                + "console; %d cores, max heap %d MiB; Java %s%n", groups, CHANNEL,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, Runtime.version());

        if (only.isEmpty() || only.contains("planning")) planning(seeds);

        EmbeddedRedis embedded = null;
        String url = base.redis().url();
        if (url == null) {
            embedded = EmbeddedRedis.start(dir.resolve("redis"));
            url = embedded.url();
        }
        // WeCom: an app's group chats take 20,000 person-sends a minute; at ~20 members a group that is 1,000 copies
        List<Scenario> scenarios = List.of(
                new Scenario("unlimited", "no limit", new ChannelConfig.Limit(0, 0, Duration.ofMinutes(1)), false, false, 0),
                new Scenario("wecom", "WeCom app group chats: 1,000/min (20k person-sends ÷ 20 members), 60/min a chat",
                        new ChannelConfig.Limit(60, 1000, Duration.ofMinutes(1)), true, false, 0),
                new Scenario("bridge", "the bridge's pace: 20/min, 6/min a chat",
                        new ChannelConfig.Limit(6, 20, Duration.ofMinutes(1)), true, false, 0),
                new Scenario("urgent", "an urgent alert (not paced: the rate limiter alone) to 1,000 groups at the bridge's pace",
                        new ChannelConfig.Limit(6, 20, Duration.ofMinutes(1)), true, true, 1000));
        try (UnifiedJedis redis = new JedisPooled(URI.create(url))) {
            for (Scenario s : scenarios) {
                if (!only.isEmpty() && !only.contains(s.name())) continue;
                Path seedsFor = s.groups() == 0 ? seeds : BenchKit.writeSeeds(base.seedsDir(), dir.resolve("seeds-" + s.name()), s.groups(), CHANNEL);
                dispatch(s, base, seedsFor, url, redis, s.groups() == 0 ? groups : s.groups(), delivery);
            }
        } finally {
            if (embedded != null) embedded.close();
            BenchKit.deleteTree(dir);
        }
        return 0;
    }

    // ---------------------------------------------------------------- planning

    private static void planning(Path seedsDir) {
        Seeds seeds = SeedLoader.load(seedsDir);
        Matrix matrix = seeds.matrix();
        Dispatcher dispatcher = new Dispatcher(seeds.rules());
        Group tier1 = matrix.chat("g-tier1").orElseThrow();
        List<Long> nanos = new ArrayList<>();
        int targets = 0;
        for (int i = 0; i < 30; i++) {
            InboundMessage m = new InboundMessage("bench-" + i, "bench", "b-" + i, tier1.id(), "p-wang", "王建军", URGENT,
                    false, Instant.parse("2026-11-22T04:00:00Z"));
            long t0 = System.nanoTime();
            Plan plan = dispatcher.plan(matrix, tier1, m, null);
            Snapshot snap = new Snapshot(m.at(), Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), null, null,
                    new Snapshot.Broadcasts(Map.of(), Map.of(), List.of(), "B-20261122-0001"));
            List<Action> actions = dispatcher.decide(plan, snap);
            long t1 = System.nanoTime();
            if (i >= 10) nanos.add(t1 - t0);
            targets = actions.stream().filter(a -> a instanceof Action.SaveBroadcast).map(a -> ((Action.SaveBroadcast) a).wave())
                    .mapToInt(w -> w.targets().size()).sum();
        }
        nanos.sort(Long::compare);
        System.out.printf("planning: publish decision over %,d groups → %,d targets: median %.1f ms, max %.1f ms (20 runs after 10 warm-up)%n",
                matrix.groups().size(), targets, nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() - 1) / 1e6);
    }

    // ---------------------------------------------------------------- dispatch

    private static void dispatch(Scenario s, GatewayConfig base, Path seeds, String url, UnifiedJedis redis, int groups,
                                 int delivery) throws Exception {
        String prefix = "bench-" + s.name() + "-" + System.nanoTime() + ":";
        Map<String, String> env = BenchKit.env(url, prefix, seeds);
        Map<String, ChannelConfig.Limit> limits = new LinkedHashMap<>(base.channels().limits());
        limits.put(CHANNEL, s.limit());
        GatewayConfig config = BenchKit.config(env)
                .withWorkers(new GatewayConfig.Workers(2, delivery, Duration.ofSeconds(60), 5, Duration.ofMillis(s.simulated() ? 2 : 50)))
                .withLimits(limits);
        SimulatedClock simClock = new SimulatedClock(Instant.parse("2026-11-22T04:00:00Z"));
        Clock clock = s.simulated() ? simClock : Clock.systemUTC();
        BenchKit.Counts fake = new BenchKit.Counts(m -> m.broadcast() != null, chat -> false);
        RedisKeys keys = new RedisKeys(prefix);
        long redisBefore = BenchKit.usedMemory(url);
        long heapBefore = BenchKit.heapUsed();
        // officers' private chats (the publisher's preview and summary, reminders) go to the same fake
        try (Gateway gw = Gateway.start(config, clock, true, Map.of(CHANNEL, new BenchKit.CountingSender(CHANNEL, fake),
                "wecom_app", new BenchKit.CountingSender("wecom_app", fake)))) {
            post(gw.port(), "{\"from\":\"p-wang\",\"text\":\"" + (s.urgent() ? URGENT : TEXT) + "\",\"id\":\"bench-1\"}");
            String id = BenchKit.await(() -> {
                List<String> ids = redis.zrange(keys.broadcasts(), 0, 0);
                return ids.isEmpty() ? null : ids.get(0);
            });
            long start = System.nanoTime();
            long clockStart = clock.millis();
            if (!s.urgent()) post(gw.port(), "{\"from\":\"p-wang\",\"text\":\"确认 " + id + "\",\"id\":\"bench-2\"}");
            BenchKit.await(() -> redis.exists(keys.wavePending(id, 1)) ? "" : null);
            long handedOut = 0;
            long peakHeap = 0;
            while (true) {
                String pending = redis.get(keys.wavePending(id, 1));
                if (pending != null && Long.parseLong(pending) <= 0) break;
                // the fan-out drops the wave's list once it has handed out the last chat
                if (handedOut == 0 && !redis.exists(keys.waveTargets(id, 1))) handedOut = System.nanoTime() - start;
                if (s.simulated() && BenchKit.idle(redis, keys)) {
                    List<Tuple> next = redis.zrangeWithScores(keys.outboundDelayed(), 0, 0);
                    if (!next.isEmpty()) simClock.jumpTo((long) next.get(0).getScore());
                    gw.fireDueTimers();
                } else {
                    Thread.sleep(s.simulated() ? 0 : 5);
                }
                peakHeap = Math.max(peakHeap, BenchKit.heapUsedNow());
            }
            long wall = System.nanoTime() - start;
            List<Tuple> reached = redis.zrangeWithScores(keys.waveReached(id, 1), -1, -1);
            long lastSent = reached.isEmpty() ? clockStart : (long) reached.get(0).getScore();
            long span = lastSent - clockStart;
            long heapAfter = BenchKit.heapUsed();
            long redisAfter = BenchKit.usedMemory(url);
            System.out.printf("%n[%s] %s%n", s.name(), s.label());
            System.out.printf("  copies sent: %,d of %,d groups; chats sent twice: %d; fake channel calls: %,d%n",
                    fake.chats.size(), groups, fake.duplicates(), fake.calls.get());
            if (!s.simulated()) {
                System.out.printf("  handed to delivery (fan-out) in %.2f s; all sent in %.2f s → %,.0f sends/s%n",
                        handedOut / 1e9, wall / 1e9, groups / (wall / 1e9));
            } else {
                System.out.printf("  handed to delivery (fan-out) in %.2f s; simulated in %.2f s of wall time; "
                        + "rate-limiter refusals (a copy put back to wait): %,d%n", handedOut / 1e9, wall / 1e9,
                        gw.counters().get("delivery.rate_limited." + CHANNEL));
                double ideal = (double) groups / s.limit().perChannel() * s.limit().window().toMillis();
                System.out.printf("  channel time (simulated clock): %s; the limit allows %,d in %s at its sustained rate → %.2f%%%n",
                        human(span), groups, human((long) ideal), 100.0 * span / ideal);
            }
            System.out.printf("  gateway heap after GC: %.1f MiB before, %.1f MiB after (peak seen %.1f MiB)%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0, peakHeap / 1048576.0);
            System.out.printf("  Redis used_memory: +%.1f MiB for this broadcast and its matrix (%,d bytes a group)%n",
                    (redisAfter - redisBefore) / 1048576.0, (redisAfter - redisBefore) / groups);
        }
        // leave the next scenario a clean Redis
        for (String k : redis.keys(prefix + "*")) redis.del(k);
    }

    private static void post(int port, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/admin/broadcasts"))
                .header("Authorization", "Bearer " + BenchKit.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IllegalStateException("publish refused: " + r.statusCode() + " " + r.body());
    }

    private static String human(long ms) {
        Duration d = Duration.ofMillis(ms);
        return d.toHours() > 0 ? String.format("%dh%02dm%02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dm%02d.%03ds", d.toMinutes(), d.toSecondsPart(), d.toMillisPart());
    }
}
