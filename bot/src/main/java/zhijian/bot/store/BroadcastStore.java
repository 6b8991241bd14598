package zhijian.bot.store;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.broadcast.Clue;
import zhijian.broadcast.PublishingFigures;
import zhijian.broadcast.TargetStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads broadcasts and their ledgers. A broadcast is written only through {@link Applier}; its ledger by the fan-out
 * and the delivery workers (per wave: chat → line, the pending count, when each chat first had it), its acks and
 * clues by decisions.
 */
public final class BroadcastStore {
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public BroadcastStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public Optional<Broadcast> get(String id) {
        return Optional.ofNullable(redis.hget(keys.broadcast(id), "json")).map(j -> Json.read(j, Broadcast.class));
    }

    public Map<String, Broadcast> getAll(Collection<String> ids) {
        return JsonHashes.getAll(redis, ids, keys::broadcast, Broadcast.class);
    }

    /** The broadcasts in force now, newest first. */
    public List<Broadcast> open() {
        List<Broadcast> out = new ArrayList<>(getAll(redis.smembers(keys.broadcastsOpen())).values());
        out.removeIf(b -> !b.active());
        out.sort(Comparator.comparing(Broadcast::createdAt).reversed());
        return out;
    }

    /** The newest broadcasts first. */
    public List<Broadcast> recent(int limit) {
        return new ArrayList<>(getAll(redis.zrevrange(keys.broadcasts(), 0, limit - 1)).values());
    }

    /** Where every chat of every wave stands, the acks, the clues, and each wave's time to 90%. */
    public BroadcastLedger ledger(Broadcast b) {
        Map<Integer, Response<Map<String, String>>> lines = new LinkedHashMap<>();
        Map<Integer, Response<List<Tuple>>> t90 = new LinkedHashMap<>();
        Response<Map<String, String>> acks;
        Response<List<String>> clues;
        try (AbstractPipeline p = redis.pipelined()) {
            for (Broadcast.Wave w : b.waves()) {
                lines.put(w.n(), p.hgetAll(keys.waveLedger(b.id(), w.n())));
                int k = (int) Math.ceil(0.9 * w.targets().size());
                if (k > 0) t90.put(w.n(), p.zrangeWithScores(keys.waveReached(b.id(), w.n()), k - 1, k - 1));
            }
            acks = p.hgetAll(keys.broadcastAcks(b.id()));
            clues = p.lrange(keys.broadcastClues(b.id()), 0, -1);
            p.sync();
        }
        Map<Integer, Map<String, BroadcastLedger.Line>> waves = new LinkedHashMap<>();
        lines.forEach((n, r) -> {
            Map<String, BroadcastLedger.Line> m = new LinkedHashMap<>();
            r.get().forEach((chat, json) -> m.put(chat, line(json)));
            waves.put(n, m);
        });
        Map<Integer, Duration> reached = new LinkedHashMap<>();
        t90.forEach((n, r) -> {
            if (!r.get().isEmpty()) {
                long at = (long) r.get().get(0).getScore();
                reached.put(n, Duration.ofMillis(Math.max(0, at - b.wave(n).at().toEpochMilli())));
            }
        });
        Map<String, BroadcastLedger.Ack> ackMap = new LinkedHashMap<>();
        acks.get().forEach((chat, json) -> ackMap.put(chat, Json.read(json, BroadcastLedger.Ack.class)));
        List<Clue> clueList = new ArrayList<>();
        for (String json : clues.get()) clueList.add(Json.read(json, Clue.class));
        return new BroadcastLedger(waves, ackMap, clueList, reached);
    }

    /** A ledger line as the fan-out and the delivery ledger write it: {"s": status, "ch", "err", "at": ms}. */
    static BroadcastLedger.Line line(String json) {
        Map<?, ?> m = Json.read(json, Map.class);
        Object at = m.get("at");
        return new BroadcastLedger.Line(TargetStatus.valueOf(String.valueOf(m.get("s"))), (String) m.get("ch"),
                (String) m.get("err"), at == null ? null : Instant.ofEpochMilli(((Number) at).longValue()));
    }

    /** The station's publishing figures for a week (e.g. 2026-W47), by category. */
    public Map<String, PublishingFigures> weekStats(String week) {
        Map<String, PublishingFigures> out = new LinkedHashMap<>();
        WeekCounters.read(redis, keys.broadcastStats(week)).forEach((category, c) -> out.put(category, PublishingFigures.of(c)));
        return out;
    }

    /** The week's publishing figures, all categories together. */
    public PublishingFigures weekTotal(String week) {
        return weekStats(week).values().stream().reduce(PublishingFigures.NONE, PublishingFigures::plus);
    }
}
