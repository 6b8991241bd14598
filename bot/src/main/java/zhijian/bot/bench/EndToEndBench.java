package zhijian.bot.bench;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.JedisPooled;
import zhijian.bot.Gateway;
import zhijian.bot.GatewayConfig;
import zhijian.bot.redis.RedisKeys;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench-e2e}: residents' messages per second from the channel to the answer sent, through the real gateway
 * and a real Redis: encrypted WeCom app callbacks from residents (a new one each), half of them reports that become
 * tickets routed to an officer (the resident gets the ticket number, the officer is paged), half FAQ questions; the
 * clock runs from the first callback to the moment every resident's answer has been sent by the fake channel. Redis's
 * {@code INFO commandstats} before and after gives the commands per message; a second, smaller pass with
 * {@code MONITOR} attached tells the commands the gateway sent (round trips: a script call is one) from those the
 * scripts ran inside Redis.
 */
public final class EndToEndBench {
    /** Reports that make tickets (a hazard, a dispute, a clue), and FAQ questions; a number makes each text its own. */
    static final String[] TICKETS = {
            "村口那座木桥的护栏断了%d处，晚上走很危险，请派人来看看",
            "邻居家的牦牛把我家青稞地踩坏了%d亩，说了也不赔，能不能帮忙调解一下",
            "昨晚看到有人在村后山上偷偷砍树，拉走了%d车，车牌没看清"};
    static final String[] QUESTIONS = {"请问办身份证要带什么材料%d", "户口迁移要怎么办理%d", "居住证怎么办理%d"};

    private EndToEndBench() {}

    public static int main(List<String> args, GatewayConfig base) throws Exception {
        int messages = 2_000, rounds = 3, warmup = 500, traced = 500, connections = 50;
        Integer inbox = null, delivery = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--messages" -> messages = Integer.parseInt(args.get(++i));
                case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
                case "--traced" -> traced = Integer.parseInt(args.get(++i));
                case "--inbox-threads" -> inbox = Integer.parseInt(args.get(++i));
                case "--delivery-threads" -> delivery = Integer.parseInt(args.get(++i));
                default -> {
                    System.err.println("usage: bench-e2e [--messages 2000] [--rounds 3] [--warmup 500] [--traced 500] "
                            + "[--inbox-threads 2] [--delivery-threads 1]");
                    return 2;
                }
            }
        }
        BenchKit.quietLogs();
        GatewayConfig.Workers w = base.workers();
        GatewayConfig.Workers workers = new GatewayConfig.Workers(inbox != null ? inbox : w.inboxThreads(),
                delivery != null ? delivery : w.deliveryThreads(), w.claimIdle(), w.maxAttempts(), w.timerPoll());
        System.out.printf("bench-e2e: WeCom app callbacks from residents, half reports (tickets), half FAQ questions; %,d a "
                + "round after %,d to warm up, then %,d traced with MONITOR; %d inbox and %d delivery threads; channels "
                + "unpaced (a fake takes every send at once); %s%n", messages, warmup, traced, workers.inboxThreads(),
                workers.deliveryThreads(), BenchKit.machine());
        try (BenchKit.Rig rig = new BenchKit.Rig(base)) {
            String prefix = "zjbench:e2e:";
            GatewayConfig config = BenchKit.unlimited(BenchKit.config(BenchKit.env(rig.url, prefix, base.seedsDir())))
                    .withWorkers(workers);
            BenchKit.Counts fake = new BenchKit.Counts(m -> true, chat -> false);
            RedisKeys keys = new RedisKeys(prefix);
            CallbackLoad load = new CallbackLoad(BenchKit.TOKEN, BenchKit.AES_KEY, BenchKit.CORP);
            double[] rates = new double[rounds], perMessage = new double[rounds];
            try (Gateway gw = Gateway.start(config, Clock.systemUTC(), true, BenchKit.fakes(fake, "wecom_app", "wecom_appchat",
                    "bridge", "wecom_robot", "wecom_customer_group", "sim"));
                 JedisPooled redis = new JedisPooled(URI.create(rig.url))) {
                long[] sent = {0};
                for (int r = -1; r <= rounds; r++) {
                    boolean trace = r == rounds;
                    int n = r < 0 ? warmup : trace ? traced : messages;
                    if (n == 0) continue;
                    long first = sent[0];
                    long ts = System.currentTimeMillis() / 1000;
                    byte[][] batch = CallbackLoad.build(n, i -> {
                        long k = first + i;
                        String text = String.format(k % 2 == 0 ? TICKETS[(int) (k / 2 % TICKETS.length)]
                                : QUESTIONS[(int) (k / 2 % QUESTIONS.length)], k);
                        return load.request("re-" + k, text, 8_000_000_000L + k, ts);
                    });
                    sent[0] += n;
                    long ticketsBefore = redis.zcard(keys.tickets());
                    long callsBefore = fake.calls.get();
                    Map<String, Long> stats = BenchKit.commandCalls(rig.url);
                    Monitor monitor = trace ? Monitor.start(rig.url) : null;
                    long start = System.nanoTime();
                    CallbackLoad.Result res = CallbackLoad.post(gw.port(), batch, connections);
                    boolean all = BenchKit.awaitOrNot(() -> fake.chatsWith(c -> c.startsWith("dm:wecom:re-")) >= sent[0]);
                    long answered = System.nanoTime() - start;
                    settle(fake);
                    Map<String, Long> diff = diff(stats, BenchKit.commandCalls(rig.url));
                    if (monitor != null) monitor.stop();
                    boolean drained = BenchKit.drained(redis, keys.inbound(), RedisKeys.INBOX_GROUP)
                            && BenchKit.drained(redis, keys.outbound(), RedisKeys.DELIVERY_GROUP);
                    long tickets = redis.zcard(keys.tickets()) - ticketsBefore;
                    long total = diff.entrySet().stream().filter(e -> !e.getKey().equals("info")).mapToLong(Map.Entry::getValue).sum();
                    String label = r < 0 ? "warm-up" : trace ? "traced (MONITOR attached: slower)" : "round " + (r + 1);
                    System.out.printf("%n%s: %,d messages (%,d accepted, %d refused, %d failed; callbacks at %,.0f/s) → every "
                                    + "resident answered%s in %.2f s → %,.0f messages/s end to end%n"
                                    + "  tickets made %,d; sends by the fake channel %,d (answers and officers' pages); residents "
                                    + "answered twice %d; streams drained %s%n  Redis commands %,.1f a message (inside scripts included): %s%n",
                            label, n, res.ok(), res.refused(), res.failed(), res.perSecond(), all ? "" : " (NOT ALL: timed out)",
                            answered / 1e9, n / (answered / 1e9), tickets, fake.calls.get() - callsBefore, fake.duplicates(c -> c.startsWith("dm:wecom:re-")),
                            drained ? "yes" : "NO", (double) total / n, top(diff, n, 12));
                    if (monitor != null) monitor.report(n);
                    if (r >= 0 && !trace) {
                        rates[r] = n / (answered / 1e9);
                        perMessage[r] = (double) total / n;
                    }
                }
            }
            System.out.printf("%nmedian (range) of %d rounds: %s messages/s end to end; %s Redis commands a message (inside scripts included)%n",
                    rounds, BenchKit.medianRange(rates, "%,.0f"), BenchKit.medianRange(perMessage, "%.1f"));
        }
        return 0;
    }

    /** Waits until the fake channel has had nothing to send for half a second (the officers' pages after the answers). */
    private static void settle(BenchKit.Counts fake) throws InterruptedException {
        long last = -1;
        while (fake.calls.get() != last) {
            last = fake.calls.get();
            Thread.sleep(500);
        }
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) out.put(k, d);
        });
        return out;
    }

    private static String top(Map<String, Long> calls, int n, int limit) {
        return calls.entrySet().stream().filter(e -> !e.getKey().equals("info"))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .map(e -> String.format("%s %.2f", e.getKey().toUpperCase(java.util.Locale.ROOT), (double) e.getValue() / n))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    /**
     * {@code MONITOR} on its own connection: counts each command the gateway sent (a round trip) and each command a
     * script ran inside Redis (MONITOR shows those as from {@code lua}).
     */
    static final class Monitor {
        final Map<String, AtomicLong> client = new ConcurrentHashMap<>(), lua = new ConcurrentHashMap<>();
        private final Jedis jedis;
        private final Thread thread;

        private Monitor(String url) {
            jedis = new Jedis(URI.create(url));
            thread = new Thread(() -> {
                try {
                    jedis.monitor(new JedisMonitor() {
                        @Override
                        public void onCommand(String line) {
                            count(line);
                        }
                    });
                } catch (RuntimeException closed) {
                    // stop() closes the connection under it
                }
            }, "bench-monitor");
        }

        static Monitor start(String url) throws InterruptedException {
            Monitor m = new Monitor(url);
            m.thread.setDaemon(true);
            m.thread.start();
            Thread.sleep(200);
            return m;
        }

        void count(String line) {
            // 1700000000.123456 [0 127.0.0.1:51234] "evalsha" "…" …   or   … [0 lua] "xadd" …
            int open = line.indexOf('['), close = line.indexOf(']', open + 1);
            int q = line.indexOf('"', close), q2 = line.indexOf('"', q + 1);
            if (open < 0 || close < 0 || q < 0 || q2 < 0) return;
            String cmd = line.substring(q + 1, q2).toUpperCase(java.util.Locale.ROOT);
            if (cmd.equals("INFO")) return;   // the benchmark's own
            boolean fromLua = line.substring(open, close).endsWith(" lua");
            (fromLua ? lua : client).computeIfAbsent(cmd, k -> new AtomicLong()).incrementAndGet();
        }

        void stop() throws InterruptedException {
            Thread.sleep(200);
            jedis.disconnect();
            thread.join(2000);
        }

        void report(int n) {
            long trips = client.values().stream().mapToLong(AtomicLong::get).sum();
            long inside = lua.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf("  round trips (commands the gateway sent, a script call one): %.2f a message: %s%n"
                            + "  commands the scripts ran inside Redis: %.2f a message: %s%n",
                    (double) trips / n, top(plain(client), n, 14), (double) inside / n, top(plain(lua), n, 10));
        }

        private static Map<String, Long> plain(Map<String, AtomicLong> m) {
            Map<String, Long> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v.get()));
            return out;
        }
    }
}
