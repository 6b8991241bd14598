package zhijian.bot.bench;

import redis.clients.jedis.JedisPooled;
import zhijian.bot.Gateway;
import zhijian.bot.GatewayConfig;
import zhijian.bot.queue.Counters;
import zhijian.bot.redis.RedisKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench-ingress}: encrypted WeCom app callbacks per second through the real path — signature check,
 * AES decryption, XML, the dedup and the durable enqueue (one Lua script: GET, XADD, SET) — to the 200, over 50
 * keep-alive connections on loopback, with p50/p99/max latency. Every message has its own MsgId and its own sender.
 * By default the inbox workers run meanwhile, as in production (each callback is a FAQ question they answer); after
 * each round the benchmark waits until they have handled every accepted message and checks that each resident got
 * exactly one answer. With {@code --no-workers} nothing consumes the stream and its length must grow by exactly the
 * number accepted.
 */
public final class IngressBench {
    static final String QUESTION = "请问办身份证要带什么材料";

    private IngressBench() {}

    public static int main(List<String> args, GatewayConfig base) throws Exception {
        int requests = 20_000, rounds = 3, warmup = 5_000, connections = 50;
        boolean workers = true;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--requests" -> requests = Integer.parseInt(args.get(++i));
                case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
                case "--connections" -> connections = Integer.parseInt(args.get(++i));
                case "--no-workers" -> workers = false;
                default -> {
                    System.err.println("usage: bench-ingress [--requests 20000] [--rounds 3] [--warmup 5000] [--connections 50] [--no-workers]");
                    return 2;
                }
            }
        }
        BenchKit.quietLogs();
        System.out.printf("bench-ingress: encrypted WeCom app callbacks (text, a FAQ question, a new sender each), %d "
                + "keep-alive connections on loopback; %,d a round after %,d to warm up; inbox workers %s; %s%n",
                connections, requests, warmup, workers ? "running (" + base.workers().inboxThreads() + " threads)" : "off",
                BenchKit.machine());
        try (BenchKit.Rig rig = new BenchKit.Rig(base)) {
            String prefix = "zjbench:in:";
            GatewayConfig.Workers w = base.workers();
            GatewayConfig config = BenchKit.config(BenchKit.env(rig.url, prefix, base.seedsDir()))
                    .withWorkers(new GatewayConfig.Workers(workers ? w.inboxThreads() : 0, w.deliveryThreads(), w.claimIdle(),
                            w.maxAttempts(), w.timerPoll()));
            BenchKit.Counts fake = new BenchKit.Counts(m -> true, chat -> false);
            RedisKeys keys = new RedisKeys(prefix);
            CallbackLoad load = new CallbackLoad(BenchKit.TOKEN, BenchKit.AES_KEY, BenchKit.CORP);
            double[] rates = new double[rounds], p50 = new double[rounds], p99 = new double[rounds], max = new double[rounds];
            try (Gateway gw = Gateway.start(config, Clock.systemUTC(), true, BenchKit.fakes(fake, "wecom_app"));
                 JedisPooled redis = new JedisPooled(java.net.URI.create(rig.url))) {
                long sent = 0;
                for (int r = -1; r < rounds; r++) {
                    int n = r < 0 ? warmup : requests;
                    if (n == 0) continue;
                    long first = sent;
                    long ts = System.currentTimeMillis() / 1000;
                    byte[][] batch = CallbackLoad.build(n, i -> load.request("rb-" + (first + i), QUESTION, 7_000_000_000L + first + i, ts));
                    sent += n;
                    long lenBefore = redis.exists(keys.inbound()) ? redis.xlen(keys.inbound()) : 0;
                    Map<String, Long> before = gw.counters().snapshot();
                    CallbackLoad.Result res = CallbackLoad.post(gw.port(), batch, connections);
                    long loadEnd = System.nanoTime();
                    String check;
                    if (workers) {
                        long drained = awaitProcessed(gw.counters(), before, res.ok());
                        long expected = sent;
                        BenchKit.awaitOrNot(() -> fake.chatsWith(c -> c.startsWith("dm:wecom:rb-")) >= expected);
                        long answered = fake.chatsWith(c -> c.startsWith("dm:wecom:rb-"));
                        check = String.format("handled by the workers %,d of %,d accepted (%.1f s after the last 200); "
                                + "residents answered %,d of %,d sent; answered twice %d",
                                delta(gw.counters(), before, "inbox.processed"), res.ok(), (drained - loadEnd) / 1e9, answered, sent,
                                fake.duplicates(c -> c.startsWith("dm:wecom:rb-")));
                    } else {
                        long len = redis.xlen(keys.inbound());
                        check = String.format("inbound stream +%,d entries for %,d accepted%s", len - lenBefore, res.ok(),
                                len - lenBefore == res.ok() ? " (equal)" : " — MISMATCH");
                    }
                    System.out.printf("%n%s: %,d callbacks → %,d × 200, %d refused, %d failed in %.2f s → %,.0f callbacks/s; "
                                    + "latency p50 %.2f ms, p99 %.2f ms, max %.1f ms%n  %s; wecom.accepted +%,d%n",
                            r < 0 ? "warm-up" : "round " + (r + 1), n, res.ok(), res.refused(), res.failed(), res.wallNanos() / 1e9,
                            res.perSecond(), res.ms(0.50), res.ms(0.99), res.maxMs(), check, delta(gw.counters(), before, "wecom.accepted"));
                    if (!res.firstErrors().isEmpty()) System.out.println("  errors: " + res.firstErrors());
                    if (r >= 0) {
                        rates[r] = res.perSecond();
                        p50[r] = res.ms(0.50);
                        p99[r] = res.ms(0.99);
                        max[r] = res.maxMs();
                    }
                }
            }
            System.out.printf("%nmedian (range) of %d rounds: %s callbacks/s; p50 %s ms; p99 %s ms; max %s ms%n", rounds,
                    BenchKit.medianRange(rates, "%,.0f"), BenchKit.medianRange(p50, "%.2f"), BenchKit.medianRange(p99, "%.2f"),
                    BenchKit.medianRange(max, "%.1f"));
        }
        return 0;
    }

    static long delta(Counters c, Map<String, Long> before, String name) {
        return c.get(name) - before.getOrDefault(name, 0L);
    }

    /** Waits (at most two minutes) until the inbox workers have handled {@code n} more messages; returns when. */
    private static long awaitProcessed(Counters c, Map<String, Long> before, long n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (delta(c, before, "inbox.processed") < n && System.nanoTime() < end) Thread.sleep(5);
        return System.nanoTime();
    }
}
