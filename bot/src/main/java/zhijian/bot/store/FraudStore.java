package zhijian.bot.store;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.fraud.FraudAlert;
import zhijian.fraud.FraudDetector;
import zhijian.fraud.FraudFigures;
import zhijian.fraud.FraudLists;
import zhijian.fraud.FraudModel;
import zhijian.fraud.FraudRules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's fraud detector: the seeds' rules with the words officers added at run time, and the block and
 * allow lists of their verdicts — all in Redis, so every instance flags the same. {@link #current()} costs one GET of
 * the revision; the lists and the automaton are rebuilt only when it moved. Alerts are read here; they are written
 * only through {@link Applier}.
 */
public final class FraudStore {

    private final UnifiedJedis redis;
    private final LuaScript addTerm = LuaScript.load("fraud_add_term");
    private final RedisKeys keys;
    private final FraudRules seeds;
    private volatile Cached cached;

    private record Cached(String rev, Map<String, String> patterns, FraudModel model) {}

    public FraudStore(UnifiedJedis redis, RedisKeys keys, FraudRules seeds) {
        this.redis = redis;
        this.keys = keys;
        this.seeds = seeds;
    }

    public FraudModel current() {
        String rev = redis.get(keys.fraudRev());
        Cached c = cached;
        if (c != null && java.util.Objects.equals(c.rev(), rev)) return c.model();
        synchronized (this) {
            c = cached;
            if (c != null && java.util.Objects.equals(c.rev(), rev)) return c.model();
            Response<Map<String, String>> patterns, links, numbers, senders;
            Response<Set<String>> texts, allowed;
            try (AbstractPipeline p = redis.pipelined()) {
                patterns = p.hgetAll(keys.fraudPatterns());
                links = p.hgetAll(keys.fraudBlock("links"));
                numbers = p.hgetAll(keys.fraudBlock("numbers"));
                senders = p.hgetAll(keys.fraudBlock("senders"));
                texts = p.smembers(keys.fraudAllow("texts"));
                allowed = p.smembers(keys.fraudAllow("senders"));
                p.sync();
            }
            // the automaton is rebuilt only when the words changed, not on every verdict
            FraudDetector detector = c != null && c.patterns().equals(patterns.get()) ? c.model().detector()
                    : new FraudDetector(seeds.withExtraTerms(extraTerms(patterns.get())));
            FraudModel model = new FraudModel(detector, new FraudLists(links.get(), numbers.get(), senders.get(), texts.get(),
                    allowed.get()));
            cached = new Cached(rev, patterns.get(), model);
            return model;
        }
    }

    /** The hash holds one field per word, {@code family|word} → weight (family ids have no {@code |}). */
    private static Map<String, Map<String, Integer>> extraTerms(Map<String, String> raw) {
        Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
        raw.forEach((field, weight) -> {
            int bar = field.indexOf('|');
            if (bar <= 0) throw new IllegalStateException("fraud pattern field is not family|word: " + field);
            try {
                out.computeIfAbsent(field.substring(0, bar), f -> new java.util.TreeMap<>())
                        .put(field.substring(bar + 1), Integer.parseInt(weight));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("fraud pattern " + field + " has no whole-number weight", e);
            }
        });
        return out;
    }

    /** The words added at run time, family → {word: weight}. */
    public Map<String, Map<String, Integer>> extraTerms() {
        return extraTerms(redis.hgetAll(keys.fraudPatterns()));
    }

    /**
     * Adds a word to a family (or changes its weight) for every instance, at once. Not through a decision: it changes
     * no conversation, only what the detector reads.
     */
    public void addTerm(String family, String word, int weight) {
        seeds.family(family);   // throws for an unknown family
        // one field per word: two words added at once (two consoles, two instances) are both kept
        addTerm.run(redis, List.of(keys.fraudPatterns(), keys.fraudRev()), List.of(family + "|" + word, String.valueOf(weight)));
    }

    public Optional<FraudAlert> get(String id) {
        return Optional.ofNullable(redis.hget(keys.fraudAlert(id), "json")).map(j -> Json.read(j, FraudAlert.class));
    }

    public Map<String, FraudAlert> getAll(Collection<String> ids) {
        return JsonHashes.getAll(redis, ids, keys::fraudAlert, FraudAlert.class);
    }

    /** The newest alerts first. */
    public List<FraudAlert> recent(int limit) {
        return new ArrayList<>(getAll(redis.zrevrange(keys.fraudAlerts(), 0, limit - 1)).values());
    }

    /** The week's figures by grid ({@code -} for alerts of no known grid). */
    public Map<String, FraudFigures> weekStats(String week) {
        Map<String, FraudFigures> out = new LinkedHashMap<>();
        WeekCounters.read(redis, keys.fraudStats(week)).forEach((grid, c) -> out.put(grid, FraudFigures.of(c)));
        return out;
    }
}
