package zhijian.bot.bench;

import redis.clients.jedis.JedisPooled;
import zhijian.bot.Gateway;
import zhijian.bot.GatewayConfig;
import zhijian.bot.Json;
import zhijian.bot.queue.Inbox;
import zhijian.bot.queue.StreamJanitor;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Address;
import zhijian.message.InboundMessage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench-scale}: the gateway at a county's size — the seed matrix scaled to 10,000 groups and 100,000 open
 * tickets — and what it costs: the gateway's heap after a full GC and its resident set, Redis's memory per ticket,
 * and how long the console's queue and figures take to answer at that size.
 * <p>
 * The tickets are made the way residents make them: a report in a village group (each from its own resident) is
 * put on the inbound stream by the same script the callbacks use ({@link Inbox#append}), and the gateway's inbox
 * workers decide and apply it (the dispatcher, the ticket id, the apply script), answer the resident and page the
 * officer through a fake channel. Only the HTTP and crypto of the callback are skipped ({@code bench-ingress}
 * measures those).
 */
public final class ScaleBench {
    private static final Pattern CODE = Pattern.compile("一次性口令：([2-9A-Z]{5}-[2-9A-Z]{5})");
    private static final String PASSWORD = "Bench-2026-county";
    private static final String REPORT = "我们村口那座木桥的护栏断了%d处，晚上走很危险，请派人来看看";

    private ScaleBench() {}

    public static int main(List<String> args, GatewayConfig base) throws Exception {
        int groups = 10_000, tickets = 20_000, inboxThreads = 4, deliveryThreads = 4, timings = 5;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--groups" -> groups = Integer.parseInt(args.get(++i));
                case "--tickets" -> tickets = Integer.parseInt(args.get(++i));
                case "--inbox-threads" -> inboxThreads = Integer.parseInt(args.get(++i));
                case "--delivery-threads" -> deliveryThreads = Integer.parseInt(args.get(++i));
                case "--timings" -> timings = Integer.parseInt(args.get(++i));
                default -> {
                    System.err.println("usage: bench-scale [--groups 10000] [--tickets 20000] [--inbox-threads 4] [--delivery-threads 4] [--timings 5]");
                    return 2;
                }
            }
        }
        BenchKit.quietLogs();
        System.out.printf("bench-scale: %,d tier-2 groups, %,d open tickets made by residents' reports in them; %d inbox "
                + "and %d delivery threads; %s%n", groups, tickets, inboxThreads, deliveryThreads, BenchKit.machine());
        try (BenchKit.Rig rig = new BenchKit.Rig(base)) {
            Path seeds = BenchKit.writeSeeds(base.seedsDir(), rig.dir.resolve("seeds"), groups, "wecom_appchat");
            String prefix = "zjbench:scale:";
            GatewayConfig.Workers w = base.workers();
            GatewayConfig config = BenchKit.unlimited(BenchKit.config(BenchKit.env(rig.url, prefix, seeds)))
                    .withWorkers(new GatewayConfig.Workers(inboxThreads, deliveryThreads, w.claimIdle(), w.maxAttempts(), w.timerPoll()));
            BenchKit.Counts fake = new BenchKit.Counts(m -> true, chat -> chat.equals("dm:p-wang"));
            RedisKeys keys = new RedisKeys(prefix);
            try (JedisPooled redis = new JedisPooled(URI.create(rig.url))) {
                long redisEmpty = BenchKit.usedMemory(rig.url);
                try (Gateway gw = Gateway.start(config, Clock.systemUTC(), true, BenchKit.fakes(fake, "wecom_app", "wecom_appchat",
                        "bridge", "wecom_robot", "wecom_customer_group", "sim"))) {
                    long heap0 = BenchKit.heapUsed(), rss0 = BenchKit.rss(), redis0 = BenchKit.usedMemory(rig.url);
                    System.out.printf("%nstarted with the %,d-group matrix: heap after GC %.1f MiB, RSS %.1f MiB, Redis used_memory "
                                    + "%.1f MiB (%.1f MiB over Redis before the gateway started)%n", groups, BenchKit.mib(heap0), BenchKit.mib(rss0),
                            BenchKit.mib(redis0), BenchKit.mib(redis0 - redisEmpty));

                    long t0 = System.nanoTime();
                    make(gw, keys, groups, tickets);
                    // every answer and page sent too, so nothing waiting on the outbound stream is counted as the tickets'
                    long delivered = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                    while (!BenchKit.drained(redis, keys.outbound(), RedisKeys.DELIVERY_GROUP) && System.nanoTime() < delivered) {
                        Thread.sleep(200);
                    }
                    long made = redis.scard(keys.ticketsOpen());
                    System.out.printf("%,d reports handled and answered in %.1f s (%,.0f a second); open tickets %,d; sends by the fake "
                                    + "channel (answers in the groups, officers' pages) %,d%n", tickets, (System.nanoTime() - t0) / 1e9,
                            tickets / ((System.nanoTime() - t0) / 1e9), made, fake.calls.get());
                    // handled stream entries go at the janitor's next round (once a minute): now, so they are not counted
                    StreamJanitor janitor = new StreamJanitor(redis);
                    janitor.trim(keys.inbound());
                    janitor.trim(keys.outbound());
                    long heap1 = BenchKit.heapUsed(), rss1 = BenchKit.rss(), redis1 = BenchKit.usedMemory(rig.url);
                    System.out.printf("%nwith %,d open tickets: heap after GC %.1f MiB (+%.1f), RSS %.1f MiB (+%.1f); Redis used_memory "
                                    + "%.1f MiB (+%.1f) → %,d bytes a ticket, everything a report leaves included%n", made,
                            BenchKit.mib(heap1), BenchKit.mib(heap1 - heap0), BenchKit.mib(rss1), BenchKit.mib(rss1 - rss0),
                            BenchKit.mib(redis1), BenchKit.mib(redis1 - redis0), (redis1 - redis0) / Math.max(1, made));
                    breakdown(redis, keys, made);

                    String cookie = logIn(gw, fake);
                    time(gw.port(), cookie, "/api/console/tickets?view=all", timings);
                    time(gw.port(), cookie, "/api/console/figures", timings);
                    System.out.printf("heap after GC once the console answered: %.1f MiB; RSS %.1f MiB%n",
                            BenchKit.mib(BenchKit.heapUsed()), BenchKit.mib(BenchKit.rss()));
                }
            }
        }
        return 0;
    }

    /** Residents' reports in the village groups, kept at most 2,000 ahead of the inbox workers. */
    private static void make(Gateway gw, RedisKeys keys, int groups, int n) throws InterruptedException {
        Inbox inbox = new Inbox(gw.redis(), keys, Duration.ofHours(24), gw.counters());
        long start = gw.counters().get("inbox.processed");
        AtomicLong next = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread th = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < n) {
                    while (i - (gw.counters().get("inbox.processed") - start) > 2_000) sleep();
                    String who = "rs-" + i;
                    String group = String.format("g-b%05d", 1 + i % groups);
                    inbox.append(new InboundMessage("scale-" + i, "wecom_appchat", "scale-" + i, group, "wecom:" + who,
                            "居民" + i, String.format(REPORT, i), true, java.time.Instant.now(), InboundMessage.Kind.TEXT, null,
                            new Address("wecom_app", who)));
                }
            }, "scale-producer-" + t);
            th.start();
            producers.add(th);
        }
        for (Thread th : producers) th.join();
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (gw.counters().get("inbox.processed") - start < n && System.nanoTime() < end) Thread.sleep(20);
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the bytes are: MEMORY USAGE of a sample of each kind of key, and of the shared indexes. */
    private static void breakdown(JedisPooled redis, RedisKeys keys, long tickets) {
        List<String> ids = redis.zrange(keys.tickets(), 0, 199);
        long hash = 0, events = 0, byResident = 0;
        for (String id : ids) {
            hash += usage(redis, keys.ticket(id));
            events += usage(redis, keys.ticketEvents(id));
            String resident = Json.read(redis.hget(keys.ticket(id), "json"), zhijian.ticket.Ticket.class).resident();
            byResident += usage(redis, keys.ticketsByResident(resident));
        }
        int s = Math.max(1, ids.size());
        long indexes = usage(redis, keys.tickets()) + usage(redis, keys.ticketsOpen()) + usage(redis, keys.timers());
        for (String k : redis.keys(keys.prefix() + "tickets:assignee:*")) indexes += usage(redis, k);
        long contacts = usage(redis, keys.contacts());
        System.out.printf("  a ticket's own keys (MEMORY USAGE, mean of %d): hash %,d B, events list %,d B, the resident's "
                        + "index %,d B%n  shared indexes (all tickets, open, by assignee, the timers) %,d B a ticket; the "
                        + "contacts hash %,d B a resident%n  also per report, until they expire: the dedup key (24 h) and the "
                        + "ticket-id memo (48 h), ~%,d B together; each message sent, its delivery record ~%,d B%n", ids.size(),
                hash / s, events / s, byResident / s, indexes / Math.max(1, tickets), contacts / Math.max(1, tickets),
                sampleExpiring(redis, keys), usage(redis, any(redis, keys.prefix() + "delivery:*")));
    }

    private static long sampleExpiring(JedisPooled redis, RedisKeys keys) {
        long dedup = usage(redis, keys.dedup("wecom_appchat", "scale-1"));
        return dedup + usage(redis, any(redis, keys.prefix() + "idmemo:ticket:*"));
    }

    /** One key matching the pattern (its name), or "" when none. */
    private static String any(JedisPooled redis, String pattern) {
        List<String> found = redis.scan("0", new redis.clients.jedis.params.ScanParams().match(pattern).count(1000)).getResult();
        return found.isEmpty() ? "" : found.get(0);
    }

    private static long usage(JedisPooled redis, String key) {
        Long u = redis.memoryUsage(key);
        return u == null ? 0 : u;
    }

    /** The chief asks for a console code in their private chat (a WeCom callback), sets a password with it. */
    private static String logIn(Gateway gw, BenchKit.Counts fake) throws Exception {
        CallbackLoad load = new CallbackLoad(BenchKit.TOKEN, BenchKit.AES_KEY, BenchKit.CORP);
        CallbackLoad.Result r = CallbackLoad.post(gw.port(), new byte[][]{
                load.request("WangJianJun", "控制台", 9_100_000_000L, System.currentTimeMillis() / 1000)}, 1);
        if (r.ok() != 1) throw new IllegalStateException("the 控制台 callback was refused");
        String code = BenchKit.await(() -> {
            String text = fake.texts.get("dm:p-wang");
            Matcher m = text == null ? null : CODE.matcher(text);
            return m != null && m.find() ? m.group(1) : null;
        });
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gw.port() + "/api/console/password"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("code", code, "password", PASSWORD)), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        String set = res.headers().firstValue("Set-Cookie").orElse("");
        if (res.statusCode() != 200 || !set.startsWith("zj_session=")) {
            throw new IllegalStateException("log-in failed: " + res.statusCode() + " " + res.body());
        }
        return set.substring(0, set.indexOf(';'));
    }

    /** GETs a console page's data {@code n} times as the chief; prints the status, the size and the times. */
    private static void time(int port, String cookie, String path, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        double[] ms = new double[n];
        int status = 0, bytes = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", cookie).timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t0) / 1e6;
            status = res.statusCode();
            bytes = res.body().length;
        }
        System.out.printf("GET %s as the chief: %d, %,d bytes; %d requests: %s ms (first %.0f ms)%n", path, status, bytes, n,
                BenchKit.medianRange(ms, "%,.0f"), ms[0]);
    }
}
