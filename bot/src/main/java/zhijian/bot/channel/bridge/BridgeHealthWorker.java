package zhijian.bot.channel.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.channel.JsonHttp;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Pause;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Polls the bridge's {@code GET /healthz?token=…} ({@code healthy} / {@code unHealthy}; it logs out about every two
 * days). When the state flips, the instance that flips it puts an event on the inbound stream, so the chief and
 * the duty officer are told (through WeCom) once, however many instances poll.
 */
public final class BridgeHealthWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BridgeHealthWorker.class);

    private final ChannelConfig.Bridge settings;
    private final JsonHttp http;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Counters counters;
    private final LuaScript record = LuaScript.load("channel_state");
    private volatile boolean running = true;

    public BridgeHealthWorker(ChannelConfig.Bridge settings, JsonHttp http, UnifiedJedis redis, RedisKeys keys,
                              Clock clock, Counters counters) {
        this.settings = settings;
        this.http = http;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.counters = counters;
    }

    /** Checks once; returns whether the bridge is healthy. */
    public boolean check() {
        long started = System.currentTimeMillis();
        String detail;
        boolean healthy;
        try {
            JsonHttp.Response r = http.get(settings.url() + "/healthz?token=" + URLEncoder.encode(settings.token(), StandardCharsets.UTF_8));
            healthy = r.status() == 200 && r.body() != null && r.body().strip().equals("healthy");
            detail = healthy ? "healthy" : "bridge says " + (r.status() == 200 ? r.body().strip() : "HTTP " + r.status());
        } catch (Exception e) {
            healthy = false;
            detail = "no answer (" + e.getClass().getSimpleName() + ")";
        }
        String state = healthy ? "up" : "down";
        // checks from several instances (or threads) may overlap: the one that started last has the say
        String before = String.valueOf(record.run(redis, List.of(keys.channelState("bridge")), List.of(state, String.valueOf(started))));
        if (before.equals("stale")) return healthy;
        if (!state.equals(before) && (!before.isEmpty() || !healthy)) {
            counters.inc("bridge.health_" + state);
            log.warn("the WeChat bridge is now {} ({})", state, detail);
            redis.xadd(keys.inbound(), StreamEntryID.NEW_ENTRY, Map.of("t", "sys", "k", healthy ? "CHANNEL_UP" : "CHANNEL_DOWN",
                    "s", "bridge", "d", detail.length() > 80 ? detail.substring(0, 80) : detail, "at", String.valueOf(clock.millis())));
        }
        return healthy;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                check();
            } catch (Throwable e) {
                log.warn("bridge health check failed: {}", e.toString());
            }
            if (!Pause.between(settings.healthEvery(), () -> running)) return;
        }
    }
}
