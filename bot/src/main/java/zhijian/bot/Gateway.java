package zhijian.bot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.channel.JsonHttp;
import zhijian.bot.channel.bridge.BridgeApi;
import zhijian.bot.channel.bridge.BridgeHealthWorker;
import zhijian.bot.channel.bridge.BridgeSender;
import zhijian.bot.channel.mp.MpCallbackApi;
import zhijian.bot.channel.mp.MpSender;
import zhijian.bot.channel.wecom.AibotCallbackApi;
import zhijian.bot.channel.wecom.AibotSender;
import zhijian.bot.channel.wecom.KfSync;
import zhijian.bot.channel.wecom.WecomAppChatSender;
import zhijian.bot.channel.wecom.WecomAppSender;
import zhijian.bot.channel.wecom.WecomCallbackApi;
import zhijian.bot.channel.wecom.WecomClient;
import zhijian.bot.channel.wecom.WecomCustomerGroupSender;
import zhijian.bot.channel.wecom.WecomKfSender;
import zhijian.bot.channel.wecom.WecomRobotSender;
import zhijian.bot.console.MatrixApi;
import zhijian.bot.broadcast.FanoutJob;
import zhijian.bot.console.ConsoleApi;
import zhijian.bot.console.ConsoleAuth;
import zhijian.bot.console.ConsoleSender;
import zhijian.bot.console.ConsoleStore;
import zhijian.bot.console.FiguresApi;
import zhijian.bot.console.Passwords;
import zhijian.bot.delivery.DeliveryLedger;
import zhijian.bot.delivery.SenderSet;
import zhijian.bot.http.BroadcastApi;
import zhijian.bot.http.FraudApi;
import zhijian.bot.store.BroadcastStore;
import zhijian.bot.store.FiguresStore;
import zhijian.bot.store.FraudStore;
import zhijian.bot.delivery.RateLimiter;
import zhijian.bot.http.AdminApi;
import zhijian.bot.channel.sim.SimApi;
import zhijian.bot.channel.sim.SimSender;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.DeliveryWorker;
import zhijian.bot.http.HealthApi;
import zhijian.bot.http.HttpServer;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Router;
import zhijian.bot.http.StaticFiles;
import zhijian.bot.http.TicketApi;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Inbox;
import zhijian.bot.queue.InboxWorker;
import zhijian.bot.queue.StreamWorker;
import zhijian.bot.queue.TimerWorker;
import zhijian.bot.redis.EmbeddedRedis;
import zhijian.bot.redis.RedisConnect;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.stats.WeeklySummaryJob;
import zhijian.bot.store.Applier;
import zhijian.bot.store.AppointmentStore;
import zhijian.bot.store.MatrixStore;
import zhijian.bot.store.SnapshotLoader;
import zhijian.bot.store.TicketStore;
import zhijian.dispatch.Dispatcher;
import zhijian.seed.SeedLoader;
import zhijian.seed.Seeds;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: reads the seeds, connects Redis (starting an embedded one when none is configured), wires
 * the stores, workers and HTTP routes with plain {@code new}, and stops them in reverse order.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** How many chats of a broadcast wave the fan-out hands to delivery in one script. */
    private static final int FANOUT_BATCH = 200;

    private final GatewayConfig config;
    private final EmbeddedRedis embedded;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Counters counters = new Counters();
    private final List<Runnable> stops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final TimerWorker timers;
    private final WeeklySummaryJob weeklySummary;
    private final BridgeHealthWorker bridgeHealth;
    private final HttpServer http;
    private final ThreadPoolExecutor blocking;
    private final MatrixApi matrixApi;

    private Gateway(GatewayConfig config, Clock clock, boolean reseed, Map<String, ChannelSender> extraSenders) throws Exception {
        this.config = config;
        Seeds seeds = SeedLoader.load(config.seedsDir());
        log.info("seeds read from {}: {} grids, {} groups, {} people, {} routes, {} FAQ answers",
                config.seedsDir(), seeds.matrix().grids().size(), seeds.matrix().groups().size(),
                seeds.matrix().members().size(), seeds.rules().routes().routes().size(), seeds.rules().faq().entries().size());

        this.keys = new RedisKeys(config.redis().keyPrefix());
        String url = config.redis().url();
        EmbeddedRedis started = null;
        UnifiedJedis client = null;
        try {
            if (url == null && config.redis().mode() == GatewayConfig.RedisMode.STANDALONE) {
                started = EmbeddedRedis.start(config.dataDir());
                url = started.url();
            }
            client = RedisConnect.connect(config.redis(), url);
            RedisConnect.ping(client, keys);
        } catch (Exception e) {
            if (client != null) client.close();
            if (started != null) started.close();
            throw e;
        }
        this.embedded = started;
        this.redis = client;
        log.info("Redis: {}{}", config.redis().describe(), embedded != null ? " on port " + embedded.port() : "");

        MatrixStore matrices = new MatrixStore(redis, keys, clock, Duration.ofSeconds(1));
        if (matrices.seed(seeds.matrix(), reseed)) {
            log.info(reseed ? "matrix reloaded from seeds (reseed)" : "matrix loaded from seeds (first start)");
        } else {
            log.info("matrix already in Redis; seeds/ matrix files not reloaded (use --reseed to reload them)");
        }
        StreamWorker.ensureGroup(redis, keys.inbound(), RedisKeys.INBOX_GROUP);
        StreamWorker.ensureGroup(redis, keys.outbound(), RedisKeys.DELIVERY_GROUP);

        Dispatcher dispatcher = new Dispatcher(seeds.rules());
        TicketStore tickets = new TicketStore(redis, keys);
        AppointmentStore appointments = new AppointmentStore(redis, keys);
        BroadcastStore broadcasts = new BroadcastStore(redis, keys);
        FraudStore frauds = new FraudStore(redis, keys, seeds.rules().fraud());
        FiguresStore figures = new FiguresStore(tickets, frauds, broadcasts);
        SnapshotLoader loader = new SnapshotLoader(redis, keys, tickets, appointments, broadcasts, frauds, config.console().url());
        Applier applier = new Applier(redis, keys);
        Inbox inbox = new Inbox(redis, keys, config.dedupTtl(), counters);
        ChannelConfig ch = config.channels();
        log.info("channels: {}, {}, {}", ch.wecom(), ch.bridge(), ch.mp());

        // ---- senders, one per configured channel; the simulator shows what has no channel (while it is on)
        SimSender sim = new SimSender(redis, keys, clock);
        Map<String, ChannelSender> senders = new LinkedHashMap<>();
        senders.put(sim.channel(), sim);
        Map<String, InboxWorker.SideJob> jobs = new HashMap<>();
        if (ch.wecom().apiOn()) {
            WecomClient wecom = new WecomClient(ch.wecom(), redis, keys);
            for (ChannelSender s : List.of(new WecomAppSender(wecom), new WecomAppChatSender(wecom),
                    new WecomKfSender(wecom, redis, keys, clock), new WecomCustomerGroupSender(wecom))) {
                senders.put(s.channel(), s);
            }
            jobs.put("kf", new KfSync(wecom, inbox, matrices, redis, keys, clock, counters));
        } else {
            jobs.put("kf", f -> log.warn("a 微信客服 event arrived but ZJ_WECOM_CORP_ID/AGENT_ID/SECRET are not set: cannot fetch it"));
        }
        if (!ch.wecom().robotKeys().isEmpty()) senders.put("wecom_robot", new WecomRobotSender(ch.wecom()));
        if (ch.wecom().aibotOn()) senders.put("wecom_aibot", new AibotSender(redis, keys, new JsonHttp(ch.wecom().timeout())));
        BridgeHealthWorker bridgeHealth = null;
        if (ch.bridge().on()) {
            JsonHttp bridgeHttp = new JsonHttp(ch.bridge().timeout());
            senders.put("bridge", new BridgeSender(ch.bridge(), bridgeHttp, redis, keys));
            bridgeHealth = new BridgeHealthWorker(ch.bridge(), bridgeHttp, redis, keys, clock, counters);
        }
        if (ch.mp().apiOn()) senders.put("mp", new MpSender(ch.mp(), redis, keys));
        if (config.console().enabled()) senders.put(ConsoleSender.CHANNEL, new ConsoleSender(redis, keys));
        senders.putAll(extraSenders);
        SenderSet senderSet = new SenderSet(senders, config.sim().enabled() ? sim : null);
        RateLimiter limiter = new RateLimiter(redis, keys, ch.limits());
        DeliveryLedger ledger = new DeliveryLedger(redis, keys);
        jobs.put("fanout", new FanoutJob(redis, keys, matrices, broadcasts, senderSet, ch.limits(), ledger, clock, counters,
                FANOUT_BATCH));

        GatewayConfig.Workers w = config.workers();
        for (int i = 0; i < w.inboxThreads(); i++) {
            InboxWorker worker = new InboxWorker(redis, keys, config.instanceId() + "-in" + i, w.claimIdle(),
                    w.maxAttempts(), counters, matrices, frauds, dispatcher, loader, applier, clock, jobs);
            startThread("inbox-" + i, worker, worker::stop);
        }
        for (int i = 0; i < w.deliveryThreads(); i++) {
            DeliveryWorker worker = new DeliveryWorker(redis, keys, config.instanceId() + "-out" + i, w.claimIdle(),
                    w.maxAttempts(), counters, matrices, senderSet, limiter, ledger, ch.delivery(), clock);
            startThread("delivery-" + i, worker, worker::stop);
        }
        this.timers = new TimerWorker(redis, keys, clock, w.timerPoll(), counters);
        startThread("timers", timers, timers::stop);
        if (bridgeHealth != null) startThread("bridge-health", bridgeHealth, bridgeHealth::stop);
        this.bridgeHealth = bridgeHealth;
        this.weeklySummary = new WeeklySummaryJob(redis, keys, matrices, figures, config.figures().weeklySummary(),
                config.instanceId(), clock, counters);
        if (config.figures().weeklySummaryOn()) startThread("weekly-summary", weeklySummary, weeklySummary::stop);

        Router router = new Router();
        HealthApi health = new HealthApi(redis, keys, config.instanceId(), embedded != null ? "embedded" : config.redis().mode().id(), counters);
        router.get("/healthz", health::health);
        router.get("/metrics", new zhijian.bot.http.MetricsApi(redis, keys, counters, tickets, broadcasts, frauds, matrices,
                config.instanceId(), clock)::metrics);
        if (ch.wecom().callbackOn()) {
            WecomCallbackApi wecomApi = new WecomCallbackApi(ch.wecom(), inbox, matrices, redis, keys, clock, counters);
            router.get("/wecom/callback", wecomApi::verify).post("/wecom/callback", wecomApi::receive);
        }
        if (ch.wecom().aibotOn()) {
            AibotCallbackApi aibot = new AibotCallbackApi(ch.wecom(), inbox, matrices, redis, keys, clock, counters);
            router.get("/wecom/aibot/callback", aibot::verify).post("/wecom/aibot/callback", aibot::receive);
        }
        if (ch.bridge().receiveOn()) {
            BridgeApi bridge = new BridgeApi(ch.bridge(), inbox, matrices, clock, counters);
            router.post("/bridge/wechatbot", bridge::receive);
        }
        if (ch.mp().callbackOn()) {
            MpCallbackApi mp = new MpCallbackApi(ch.mp(), ch.wecom(), inbox, matrices, redis, keys, clock, counters);
            router.get("/mp/callback", mp::verify).post("/mp/callback", mp::receive);
        }
        BroadcastApi broadcastApi = new BroadcastApi(broadcasts, matrices, seeds.rules().catalog(), inbox, clock);
        FraudApi fraudApi = new FraudApi(frauds, matrices, seeds.rules().fraud(), clock);
        if (config.adminToken() != null) {
            AdminApi admin = new AdminApi(redis, keys, ledger, config.adminToken());
            router.get("/api/admin/dead-letters", admin::deadLetters).get("/api/admin/deliveries/{id}", admin::delivery)
                    .get("/api/admin/broadcasts", admin.guarded(broadcastApi::list))
                    .get("/api/admin/broadcasts/stats", admin.guarded(broadcastApi::stats))
                    .get("/api/admin/broadcasts/{id}", admin.guarded(broadcastApi::oneInFull))
                    .post("/api/admin/broadcasts", admin.guarded(broadcastApi::command))
                    .get("/api/admin/fraud/alerts", admin.guarded(fraudApi::alerts))
                    .get("/api/admin/fraud/alerts/{id}", admin.guarded(fraudApi::alert))
                    .get("/api/admin/fraud/stats", admin.guarded(fraudApi::stats))
                    .get("/api/admin/fraud/patterns", admin.guarded(fraudApi::patterns))
                    .post("/api/admin/fraud/patterns", admin.guarded(fraudApi::addPattern));
        }
        TicketApi ticketApi = new TicketApi(tickets, matrices, seeds.rules(), clock);
        this.matrixApi = new MatrixApi(matrices, clock);
        if (config.console().enabled()) {
            // ---- console: log-in, queue and tickets, broadcasts, anti-fraud
            ConsoleStore consoleStore = new ConsoleStore(redis, keys, clock);
            ConsoleAuth auth = new ConsoleAuth(consoleStore, new Passwords(), matrices, config.console());
            ConsoleApi console = new ConsoleApi(tickets, ticketApi, broadcastApi, fraudApi, frauds, matrices, consoleStore,
                    seeds.rules().catalog(), inbox, clock);
            router.get("/", req -> Reply.redirect("/console/"))
                    .get("/console", req -> Reply.redirect("/console/"))
                    .get("/console/", StaticFiles.consoleFile("console/index.html"))
                    .get("/console/console.js", StaticFiles.consoleFile("console/console.js"))
                    .get("/console/tickets.js", StaticFiles.consoleFile("console/tickets.js"))
                    .get("/console/broadcasts.js", StaticFiles.consoleFile("console/broadcasts.js"))
                    .get("/console/fraud.js", StaticFiles.consoleFile("console/fraud.js"))
                    .get("/console/figures.js", StaticFiles.consoleFile("console/figures.js"))
                    .get("/console/matrix.js", StaticFiles.consoleFile("console/matrix.js"))
                    .get("/console/console.css", StaticFiles.consoleFile("console/console.css"))
                    .get("/console/chart.umd.min.js", StaticFiles.webjar("chart.js", "dist/chart.umd.min.js"))
                    .post("/api/console/login", auth::login)
                    .post("/api/console/password", auth::setPassword)
                    .post("/api/console/logout", auth::logout)
                    .get("/api/console/me", auth::me)
                    .get("/api/console/tickets", auth.read(console::queue))
                    .get("/api/console/tickets/{id}", auth.read(console::ticket))
                    .post("/api/console/tickets/{id}/{action}", auth.change(console::act))
                    .get("/api/console/answers/{id}", auth.read(console::answers))
                    .get("/api/console/broadcasts", auth.read((req, who) -> broadcastApi.list(req)))
                    .get("/api/console/broadcasts/options", auth.read(console::broadcastOptions))
                    .get("/api/console/broadcasts/stats", auth.read((req, who) -> broadcastApi.stats(req)))
                    .get("/api/console/broadcasts/{id}", auth.read(console::broadcast))
                    .post("/api/console/broadcasts", auth.change(console::publish))
                    .post("/api/console/broadcasts/{id}/{action}", auth.change(console::broadcastCommand))
                    .get("/api/console/fraud/alerts", auth.read(console::fraudAlerts))
                    .get("/api/console/fraud/alerts/{id}", auth.read(console::fraudAlert))
                    .post("/api/console/fraud/alerts/{id}/{action}", auth.change(console::fraudVerdict))
                    .get("/api/console/fraud/stats", auth.read((req, who) -> fraudApi.stats(req)))
                    .get("/api/console/fraud/lists", auth.read(console::fraudLists))
                    .get("/api/console/fraud/patterns", auth.read((req, who) -> fraudApi.patterns(req)))
                    .post("/api/console/fraud/patterns", auth.change(console::addFraudPattern));
            // ---- console: figures
            FiguresApi figuresApi = new FiguresApi(figures, matrices, clock);
            router.get("/api/console/figures", auth.read(figuresApi::weekly))
                    .get("/api/console/figures.csv", auth.read(figuresApi::csv));
            // ---- console: matrix — the directory for all staff; changes and the change log for the chief and admins
            router.get("/api/console/matrix", auth.read(matrixApi::matrix))
                    .get("/api/console/matrix/changes", auth.read(matrixApi::changes))
                    .post("/api/console/matrix/people", auth.change(matrixApi::upsertPerson))
                    .post("/api/console/matrix/grids", auth.change(matrixApi::upsertGrid))
                    .post("/api/console/matrix/groups", auth.change(matrixApi::upsertGroup))
                    .post("/api/console/matrix/station", auth.change(matrixApi::updateStation))
                    .post("/api/console/matrix/{kind}/{id}/deactivate", auth.change(matrixApi::deactivate))
                    .post("/api/console/matrix/{kind}/{id}/reactivate", auth.change(matrixApi::reactivate));
        }
        if (config.sim().enabled()) {
            SimApi simApi = new SimApi(redis, keys, matrices, inbox, clock, config.sim().maxTextChars());
            if (!config.console().enabled()) router.get("/", req -> Reply.redirect("/sim"));
            router.get("/sim", StaticFiles.file("sim.html"))
                    .get("/sim/sim.js", StaticFiles.file("sim.js"))
                    .get("/sim/sim.css", StaticFiles.file("sim.css"))
                    .get("/api/sim/chats", simApi::chats)
                    .post("/api/sim/messages", simApi::post)
                    .get("/api/sim/messages", simApi::messages)
                    .get("/api/tickets", ticketApi::list)
                    .get("/api/tickets/{id}", ticketApi::one)
                    .get("/api/broadcasts", broadcastApi::list)
                    .get("/api/broadcasts/stats", broadcastApi::stats)
                    .get("/api/broadcasts/{id}", broadcastApi::one)
                    .get("/api/fraud/alerts", fraudApi::alerts)
                    .get("/api/fraud/alerts/{id}", fraudApi::alert)
                    .get("/api/fraud/stats", fraudApi::stats);
        }
        AtomicInteger n = new AtomicInteger();
        this.blocking = new ThreadPoolExecutor(8, 32, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2000),
                r -> {
                    Thread t = new Thread(r, "http-work-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.http = new HttpServer(config.http().host(), config.http().port(), config.http().maxBodyBytes(), router, blocking).start();
    }

    /** Starts a gateway; on any failure what was started is stopped again and the error thrown. */
    public static Gateway start(GatewayConfig config, Clock clock, boolean reseed) throws Exception {
        return new Gateway(config, clock, reseed, Map.of());
    }

    /** As {@link #start(GatewayConfig, Clock, boolean)}, with senders for channels of its own (a benchmark's fake). */
    public static Gateway start(GatewayConfig config, Clock clock, boolean reseed, Map<String, ChannelSender> extraSenders)
            throws Exception {
        return new Gateway(config, clock, reseed, extraSenders);
    }

    private void startThread(String name, Runnable r, Runnable stop) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
        stops.add(stop);
    }

    public int port() { return http.port(); }

    public UnifiedJedis redis() { return redis; }

    /** The console's matrix endpoints (tests call them with an {@code Access} of their own). */
    public MatrixApi matrixApi() { return matrixApi; }

    public RedisKeys keys() { return keys; }

    public Counters counters() { return counters; }

    public GatewayConfig config() { return config; }

    /** The embedded Redis, when this gateway started one. */
    public EmbeddedRedis embeddedRedis() { return embedded; }

    /** Fires deadlines that are due now, without waiting for the next poll (tests with a moved clock). */
    public long fireDueTimers() { return timers.fireDue() + timers.releaseDelayed(); }

    /**
     * Posts last week's summary now if it is due and not posted yet, as the job's next tick would (tests with a moved
     * clock); returns how many messages this call posted.
     */
    public int postWeeklySummary() { return weeklySummary.postIfDue(); }

    /** Checks the bridge's health now (tests); false when no bridge is configured. */
    public boolean checkBridge() { return bridgeHealth != null && bridgeHealth.check(); }

    @Override
    public void close() {
        try {
            http.close();
        } catch (RuntimeException e) {
            log.warn("stopping HTTP failed", e);
        }
        stops.forEach(Runnable::run);
        for (Thread t : threads) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        blocking.shutdownNow();
        redis.close();
        if (embedded != null) embedded.close();
        log.info("gateway stopped");
    }
}
