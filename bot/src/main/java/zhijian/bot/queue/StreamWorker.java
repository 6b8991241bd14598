package zhijian.bot.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;
import zhijian.bot.redis.LuaScript;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A consumer of one Redis stream in one consumer group: reads new entries, takes over entries another consumer left
 * pending longer than {@code claimIdle} (it died), and moves an entry that failed {@code maxAttempts} times to the
 * dead-letter stream. {@link #handle} acknowledges an entry itself, atomically with its effects; an entry whose
 * handling throws stays pending and is tried again.
 */
public abstract class StreamWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);
    private static final int BATCH = 16;

    protected final UnifiedJedis redis;
    protected final String stream;
    protected final String group;
    protected final String consumer;
    protected final Counters counters;
    private final String deadStream;
    private final Duration claimIdle;
    private final int maxAttempts;
    private final LuaScript deadLetter = LuaScript.load("dead_letter");
    private final LuaScript holdOn = LuaScript.load("hold_on");
    private volatile boolean running = true;
    private long lastClaim;

    protected StreamWorker(UnifiedJedis redis, String stream, String deadStream, String group, String consumer,
                           Duration claimIdle, int maxAttempts, Counters counters) {
        this.redis = redis;
        this.stream = stream;
        this.deadStream = deadStream;
        this.group = group;
        this.consumer = consumer;
        this.claimIdle = claimIdle;
        this.maxAttempts = maxAttempts;
        this.counters = counters;
    }

    /** Handles one entry; acknowledges it (with its effects) or throws to leave it pending. */
    protected abstract void handle(StreamEntry entry) throws Exception;

    /** A short name for counters and logs, e.g. {@code inbox}. */
    protected abstract String name();

    public static void ensureGroup(UnifiedJedis redis, String stream, String group) {
        try {
            redis.xgroupCreate(stream, group, new StreamEntryID(), true);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) throw e;
        }
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        long backoff = 100;
        boolean groupReady = false;
        boolean ownPending = true;   // first our own unfinished entries (a restart, or Redis went away mid-batch)
        StreamEntryID ownCursor = new StreamEntryID();
        while (running) {
            try {
                if (!groupReady) {
                    ensureGroup(redis, stream, group);
                    groupReady = true;
                }
                claimAbandoned();
                StreamEntryID from = ownPending ? ownCursor : StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY;
                XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(BATCH);
                if (!ownPending) params.block(1000);
                List<Map.Entry<String, List<StreamEntry>>> read = redis.xreadGroup(group, consumer, params, Map.of(stream, from));
                int n = 0;
                if (read != null) {
                    for (var s : read) {
                        for (StreamEntry e : s.getValue()) {
                            n++;
                            if (ownPending) ownCursor = e.getID();
                            process(e);
                        }
                    }
                }
                if (ownPending && n < BATCH) {
                    ownPending = false;
                    ownCursor = new StreamEntryID();
                }
                backoff = 100;
            } catch (JedisConnectionException | JedisClusterOperationException e) {   // the latter: a cluster node unreachable
                counters.inc(name() + ".redis_unavailable");
                if (backoff == 100) log.warn("{}: Redis unavailable ({}); retrying", name(), e.getMessage());
                ownPending = true;
                ownCursor = new StreamEntryID();
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            } catch (Throwable e) {
                // nothing may end a worker: the entry stays pending and is tried again
                counters.inc(name() + ".loop_errors");
                log.error("{}: worker loop failed; continuing", name(), e);
                sleep(1000);
            }
        }
    }

    private void process(StreamEntry e) {
        MDC.put("entry", e.getID().toString());
        try {
            handle(e);
        } catch (JedisConnectionException | JedisClusterOperationException ex) {
            throw ex;
        } catch (Exception | StackOverflowError ex) {
            counters.inc(name() + ".failed");
            log.error("{}: entry {} failed; it stays pending and will be tried again", name(), e.getID(), ex);
        } finally {
            MDC.clear();
        }
    }

    /** Takes over entries idle longer than claimIdle; those tried too often go to the dead-letter stream. */
    private void claimAbandoned() {
        long now = System.currentTimeMillis();
        long every = Math.max(1000, claimIdle.toMillis() / 4);
        if (now - lastClaim < every) return;
        lastClaim = now;
        StreamEntryID start = new StreamEntryID();
        for (int round = 0; round < 10; round++) {
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = redis.xautoclaim(stream, group, consumer,
                    claimIdle.toMillis(), start, XAutoClaimParams.xAutoClaimParams().count(BATCH));
            List<StreamEntry> entries = claimed.getValue();
            for (StreamEntry e : entries) {
                if (e == null) continue;   // deleted while pending
                counters.inc(name() + ".claimed");
                long tries = deliveries(e.getID());
                if (tries > maxAttempts) {
                    moveToDeadLetter(e, "failed " + (tries - 1) + " times");
                } else {
                    log.info("{}: took over entry {} (delivery {})", name(), e.getID(), tries);
                    process(e);
                }
            }
            start = claimed.getKey();
            if (entries.isEmpty() || start == null || start.equals(new StreamEntryID())) break;
        }
    }

    /**
     * Whether this worker still holds the entry (nobody took it over and nobody finished it); if so its idle time is
     * reset, so nobody takes it over while this worker is busy with it. Call before each slow step (a send).
     */
    protected boolean holdOn(StreamEntryID id) {
        return ((Number) holdOn.run(redis, List.of(stream), List.of(group, consumer, id.toString()))).longValue() == 1;
    }

    private long deliveries(StreamEntryID id) {
        List<StreamPendingEntry> p = redis.xpending(stream, group,
                XPendingParams.xPendingParams(id, id, 1));
        return p.isEmpty() ? 0 : p.get(0).getDeliveredTimes();
    }

    protected void moveToDeadLetter(StreamEntry e, String reason) {
        List<String> args = new ArrayList<>(List.of(group, e.getID().toString(), reason));
        e.getFields().forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Object moved = deadLetter.run(redis, List.of(stream, deadStream), args);
        if (((Number) moved).longValue() == 1) {
            counters.inc(name() + ".dead_lettered");
            log.error("{}: entry {} moved to {}: {}", name(), e.getID(), deadStream, reason);
            try {
                deadLettered(e, reason);
            } catch (RuntimeException ex) {
                log.error("{}: settling dead-lettered entry {} failed", name(), e.getID(), ex);
            }
        }
    }

    /** Called once an entry has been moved to the dead-letter stream: settle what depended on it. */
    protected void deadLettered(StreamEntry e, String reason) {
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
