package zhijian.bot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Residents writing to the gateway through the simulator API from a few threads, each message with an id of its own
 * and a text that opens one ticket. A message answered with anything but 2xx, or not answered at all, is sent again
 * after a short pause — as WeChat retries a callback — until it is accepted. Afterwards {@link #tally} reads from
 * Redis what each accepted message did: the ticket it opened and the bot's answer in the chat.
 */
public final class SimLoad {
    /** A freight company's group; a resident asks for mediation, which opens a ticket and gets an answer there. */
    public static final String CHAT = "g-ent-transport";
    public static final String FROM = "r-ciren";

    /** Where message {@code i} goes on its {@code attempt}-th try (0, 1, …): several instances can take turns. */
    public interface Target {
        String base(int i, int attempt);
    }

    private final String tag;
    private final int messages;
    private final int threads;
    private final Duration pause;
    private final Target base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> refusedByStatus = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    /**
     * @param tag      makes the client ids unique to this run
     * @param pause    between one thread's messages (spreads the load over time)
     * @param base     the gateway to post a message to on its n-th try
     */
    public SimLoad(String tag, int messages, int threads, Duration pause, Target base) {
        this.tag = tag;
        this.messages = messages;
        this.threads = threads;
        this.pause = pause;
        this.base = base;
    }

    /** The text of message {@code i}: a request for mediation, so each opens a ticket of its own. */
    public static String text(int i) {
        return "老板欠我运费三千八一直不给，帮忙调解一下（第" + i + "件）";
    }

    public SimLoad start() {
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = first; i < messages; i += threads) {
                        send(i);
                        sleep(pause.toMillis());
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "sim-load-" + t);
            workers.add(th);
            th.start();
        }
        return this;
    }

    private void send(int i) {
        String body = Json.write(Map.of("chat", CHAT, "from", FROM, "text", text(i), "id", tag + "-" + i));
        long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int attempt = 0; System.nanoTime() < giveUp; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base.base(i, attempt) + "/api/sim/messages"))
                                .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() / 100 == 2) {
                    JsonNode n = Json.MAPPER.readTree(r.body());
                    if (n.path("duplicate").asBoolean()) duplicates.incrementAndGet();
                    accepted.put(tag + "-" + i, n.get("id").asText());
                    return;
                }
                refused.incrementAndGet();
                refusedByStatus.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            } catch (IOException e) {
                unanswered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(100);
        }
    }

    /** Messages accepted so far. */
    public int accepted() {
        return accepted.size();
    }

    /** Posts answered with something else than 2xx (each retried). */
    public int refused() {
        return refused.get();
    }

    /** Posts that got no answer at all (connection refused or reset, time-out; each retried). */
    public int unanswered() {
        return unanswered.get();
    }

    /** Retries the gateway answered "already had it" (200 duplicate): it had accepted the first try before dying. */
    public int duplicates() {
        return duplicates.get();
    }

    /** The non-2xx answers by HTTP status. */
    public Map<Integer, Integer> refusedByStatus() {
        Map<Integer, Integer> out = new TreeMap<>();
        refusedByStatus.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Waits for every message to be accepted (or given up after 90 s of tries). */
    public SimLoad await() throws InterruptedException {
        for (Thread t : workers) t.join();
        synchronized (failures) {
            if (!failures.isEmpty()) throw new AssertionError("a load thread failed", failures.get(0));
        }
        return this;
    }

    /** The gateway's ids of the accepted messages. */
    public List<String> acceptedIds() {
        return List.copyOf(accepted.values());
    }

    /** What happened to the messages, read from Redis once the gateway has drained its streams. */
    public record Tally(String fault, int sent, int accepted, int refused, int unanswered, int processed, int lost,
                        int handledTwice, int strayTickets) {
        /** Prints the counts and asserts: all accepted, all processed, none lost, none handled twice. */
        public Tally printAndCheck() {
            System.out.println("[fault] " + this);
            assertEquals(sent, accepted, "every message sent is accepted in the end (refused ones were retried)");
            assertEquals(0, lost, "lost");
            assertEquals(0, handledTwice, "handled twice");
            assertEquals(accepted, processed, "processed");
            assertEquals(0, strayTickets, "tickets from no accepted message");
            return this;
        }
    }

    /**
     * Counts per accepted message the tickets it opened (a ticket's {@code originMessage}) and the bot's answers to
     * it in the chat (a transcript line's {@code replyTo}): processed = one of each; lost = none of either;
     * handled twice = two of either.
     */
    public Tally tally(String fault, UnifiedJedis redis, RedisKeys keys) {
        Map<String, Integer> tickets = new HashMap<>();
        for (String id : redis.zrange(keys.tickets(), 0, -1)) {
            String json = redis.hget(keys.ticket(id), "json");
            tickets.merge(Json.read(json, JsonNode.class).get("originMessage").asText(), 1, Integer::sum);
        }
        Map<String, Integer> answers = new HashMap<>();
        for (String line : redis.lrange(keys.simLog(CHAT), 0, -1)) {
            JsonNode n = Json.read(line, JsonNode.class);
            if (n.path("bot").asBoolean() && n.hasNonNull("replyTo")) answers.merge(n.get("replyTo").asText(), 1, Integer::sum);
        }
        int processed = 0, lost = 0, twice = 0;
        for (String id : accepted.values()) {
            int t = tickets.getOrDefault(id, 0), a = answers.getOrDefault(id, 0);
            if (t == 1 && a == 1) processed++;
            if (t == 0 || a == 0) lost++;
            if (t > 1 || a > 1) twice++;
        }
        int stray = 0;
        for (String origin : tickets.keySet()) if (!accepted.containsValue(origin)) stray++;
        return new Tally(fault, messages, accepted.size(), refused.get(), unanswered.get(), processed, lost, twice, stray);
    }

    private static void sleep(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
