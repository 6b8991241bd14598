package zhijian.bot.http;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.delivery.DeliveryWorker;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.StreamState;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.BroadcastStore;
import zhijian.bot.store.FraudStore;
import zhijian.bot.store.MatrixStore;
import zhijian.bot.store.TicketStore;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.broadcast.Weeks;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.stats.TicketFigures;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketState;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /metrics} in Prometheus's text format (0.0.4). Two kinds of figures:
 * <ul>
 *   <li>this instance's counters (what its workers did since it started), as {@code _total} counters with the
 *       channel or reason as a label — sum them over instances;</li>
 *   <li>the shared state in Redis, as gauges every instance reports alike — take one instance's (or {@code max}):
 *       stream lengths, pending entries and the age of the oldest pending one, dead letters, open tickets, open
 *       broadcasts and their copies still to go, this week's fraud warnings.</li>
 * </ul>
 * Counts only: no names, numbers or texts.
 */
public final class MetricsApi {
    /** Counter prefixes whose last part is a label value (a channel, a reason): prefix → metric and label name. */
    private static final Map<String, String[]> FAMILIES = Map.ofEntries(
            Map.entry("inbound.accepted.", new String[]{"zj_inbound_accepted_total", "channel"}),
            Map.entry("inbound.duplicates.", new String[]{"zj_inbound_duplicates_total", "channel"}),
            Map.entry("delivery.sent.", new String[]{"zj_delivery_sent_total", "channel"}),
            Map.entry("delivery.failed.", new String[]{"zj_delivery_failed_total", "channel"}),
            Map.entry("delivery.rate_limited.", new String[]{"zj_delivery_rate_limited_total", "channel"}),
            Map.entry("delivery.simulated.", new String[]{"zj_delivery_simulated_total", "channel"}),
            Map.entry("sla.missed.", new String[]{"zj_sla_breaches_total", "deadline"}),
            Map.entry("bridge.health_", new String[]{"zj_bridge_health_changes_total", "state"}),
            Map.entry("wecom.refused.", new String[]{"zj_callbacks_refused_total", "reason"}),
            Map.entry("wecom.ignored.", new String[]{"zj_callbacks_ignored_total", "reason"}),
            Map.entry("bridge.refused.", new String[]{"zj_bridge_refused_total", "reason"}),
            Map.entry("bridge.ignored.", new String[]{"zj_bridge_ignored_total", "reason"}),
            Map.entry("aibot.refused.", new String[]{"zj_aibot_refused_total", "reason"}),
            Map.entry("mp.refused.", new String[]{"zj_mp_refused_total", "reason"}));

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Counters counters;
    private final TicketStore tickets;
    private final BroadcastStore broadcasts;
    private final FraudStore frauds;
    private final MatrixStore matrices;
    private final String instance;
    private final Clock clock;

    public MetricsApi(UnifiedJedis redis, RedisKeys keys, Counters counters, TicketStore tickets, BroadcastStore broadcasts,
                      FraudStore frauds, MatrixStore matrices, String instance, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.counters = counters;
        this.tickets = tickets;
        this.broadcasts = broadcasts;
        this.frauds = frauds;
        this.matrices = matrices;
        this.instance = instance;
        this.clock = clock;
    }

    public Reply metrics(Request req) {
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "zj_instance_info", "this gateway instance", "{instance=\"" + esc(instance) + "\"}", 1);
        counters(out);
        boolean up = true;
        try {
            shared(out);
        } catch (RuntimeException e) {
            up = false;   // Redis away: the instance's own counters are still worth scraping
        }
        gauge(out, "zj_redis_up", "whether this instance reached Redis for this scrape", "", up ? 1 : 0);
        return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    private void counters(StringBuilder out) {
        Map<String, Map<String, Long>> families = new TreeMap<>();
        for (Map.Entry<String, Long> c : counters.snapshot().entrySet()) {
            String name = c.getKey(), metric = null, label = "";
            for (Map.Entry<String, String[]> f : FAMILIES.entrySet()) {
                if (name.startsWith(f.getKey()) && name.length() > f.getKey().length()) {
                    metric = f.getValue()[0];
                    label = "{" + f.getValue()[1] + "=\"" + esc(name.substring(f.getKey().length())) + "\"}";
                    break;
                }
            }
            if (metric == null) metric = "zj_" + name.replaceAll("[^A-Za-z0-9_]", "_") + "_total";
            families.computeIfAbsent(metric, k -> new TreeMap<>()).put(label, c.getValue());
        }
        families.forEach((metric, series) -> {
            out.append("# TYPE ").append(metric).append(" counter\n");
            series.forEach((label, v) -> out.append(metric).append(label).append(' ').append(v).append('\n'));
        });
    }

    private void shared(StringBuilder out) {
        long now = clock.millis();
        out.append("# HELP zj_stream_length entries in a stream (handled entries are trimmed once a minute)\n# TYPE zj_stream_length gauge\n");
        StringBuilder pending = new StringBuilder("# HELP zj_stream_pending entries handed to a worker and not yet acknowledged\n"
                + "# TYPE zj_stream_pending gauge\n");
        StringBuilder oldest = new StringBuilder("# HELP zj_stream_oldest_pending_seconds age of the oldest unacknowledged entry\n"
                + "# TYPE zj_stream_oldest_pending_seconds gauge\n");
        for (String[] s : new String[][]{{"inbound", keys.inbound(), RedisKeys.INBOX_GROUP}, {"outbound", keys.outbound(), RedisKeys.DELIVERY_GROUP}}) {
            String label = "{stream=\"" + s[0] + "\"}";
            StreamState st = StreamState.of(redis, s[1], s[2]);
            long age = st.oldestPendingAt() == 0 ? 0 : Math.max(0, now - st.oldestPendingAt());
            out.append("zj_stream_length").append(label).append(' ').append(st.length()).append('\n');
            pending.append("zj_stream_pending").append(label).append(' ').append(st.pending()).append('\n');
            oldest.append("zj_stream_oldest_pending_seconds").append(label).append(' ').append(age / 1000.0).append('\n');
        }
        out.append(pending).append(oldest);
        out.append("# HELP zj_dead_letters entries given up on (see /api/admin/dead-letters)\n# TYPE zj_dead_letters gauge\n");
        out.append("zj_dead_letters{stream=\"inbound\"} ").append(StreamState.length(redis, keys.inboundDead())).append('\n');
        out.append("zj_dead_letters{stream=\"outbound\"} ").append(StreamState.length(redis, keys.outboundDead())).append('\n');
        out.append("# HELP zj_outbound_delayed outbound messages waiting for a retry or their turn, by the channel of their chat\n"
                + "# TYPE zj_outbound_delayed gauge\n");
        delayedByChannel().forEach((channel, n) ->
                out.append("zj_outbound_delayed{channel=\"").append(esc(channel)).append("\"} ").append(n).append('\n'));
        gauge(out, "zj_tickets_open", "tickets not yet closed (受理 to 办理)", "", tickets.openCount());
        long[] overdue = overdue(clock.instant());
        out.append("# HELP zj_tickets_overdue open tickets past a deadline now: sign = dispatched and not signed in time, "
                + "finish = not finished in time\n# TYPE zj_tickets_overdue gauge\n");
        out.append("zj_tickets_overdue{deadline=\"sign\"} ").append(overdue[0]).append('\n');
        out.append("zj_tickets_overdue{deadline=\"finish\"} ").append(overdue[1]).append('\n');
        gauge(out, "zj_timers_scheduled", "deadlines and reminders waiting", "", redis.zcard(keys.timers()));
        long open = 0, toGo = 0;
        for (Broadcast b : broadcasts.open()) {
            open++;
            BroadcastLedger ledger = broadcasts.ledger(b);
            for (Broadcast.Wave w : b.waves()) toGo += ledger.counts(w).pending();
        }
        gauge(out, "zj_broadcasts_open", "broadcasts in force", "", open);
        gauge(out, "zj_broadcast_copies_pending", "copies of open broadcasts not yet delivered or given up", "", toGo);
        String week = Weeks.of(clock.instant(), matrices.current().station().zone());
        long warnings = 0;
        for (zhijian.fraud.FraudFigures g : frauds.weekStats(week).values()) warnings += g.warnings();
        gauge(out, "zj_fraud_warnings_this_week", "scam warnings given in groups this ISO week", "", warnings);
    }

    /**
     * The delayed outbound messages counted by the channel of their chat (what is queued behind each channel's pace
     * or retries); every channel of the matrix is listed, at 0 when nothing waits for it. One read of the delayed set:
     * cheap at a station's scale (a county-wide paced broadcast holds ~10,000 members, a few ms to read).
     */
    private Map<String, Long> delayedByChannel() {
        Matrix matrix = matrices.current();
        Map<String, Long> out = new TreeMap<>();
        for (Group g : matrix.groups()) out.putIfAbsent(g.channel(), 0L);
        for (String member : redis.zrange(keys.outboundDelayed(), 0, -1)) {
            // a member this version cannot read still counts, as unknown
            String channel = DeliveryWorker.delayedMessage(member).flatMap(m -> matrices.chat(matrix, m.chat()))
                    .map(Group::channel).orElse("unknown");
            out.merge(channel, 1L, Long::sum);
        }
        return out;
    }

    /** Open tickets past their sign deadline (still unsigned) and past their finish deadline, at {@code now}. */
    private long[] overdue(Instant now) {
        long sign = 0, finish = 0;
        for (Ticket t : tickets.getAll(tickets.openIds()).values()) {
            if (t.state() == TicketState.DISPATCHED && t.signDue() != null && t.signDue().isBefore(now)) sign++;
            if (TicketFigures.isOverdue(t, now)) finish++;
        }
        return new long[]{sign, finish};
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String esc(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
