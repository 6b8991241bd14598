package zhijian.bot.stats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import zhijian.bot.Json;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Pause;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.FiguresStore;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;
import zhijian.stats.CalendarWeek;
import zhijian.stats.WeekFigures;
import zhijian.stats.WeeklySummary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Posts last week's figures into the tier-1 group when the schedule says (Monday 08:00). Every instance ticks once a
 * minute; the first to find the summary due and not yet posted writes the messages to the outbound stream together
 * with the week's guard, in one script — so the summary goes once, whatever the number of instances and restarts.
 */
public final class WeeklySummaryJob implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WeeklySummaryJob.class);
    private static final Duration TICK = Duration.ofMinutes(1);
    /** Far longer than a summary may be late ({@link WeeklySummary#LATE_BY}), so a guard is never gone too soon. */
    private static final Duration GUARD_KEPT = Duration.ofDays(60);

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final MatrixStore matrices;
    private final FiguresStore figures;
    private final WeeklySummary.Schedule schedule;
    private final String instanceId;
    private final Clock clock;
    private final Counters counters;
    private final LuaScript post = LuaScript.load("weekly_summary");
    private volatile boolean running = true;

    public WeeklySummaryJob(UnifiedJedis redis, RedisKeys keys, MatrixStore matrices, FiguresStore figures,
                            WeeklySummary.Schedule schedule, String instanceId, Clock clock, Counters counters) {
        this.redis = redis;
        this.keys = keys;
        this.matrices = matrices;
        this.figures = figures;
        this.schedule = schedule;
        this.instanceId = instanceId;
        this.clock = clock;
        this.counters = counters;
    }

    /** Posts last week's summary when it is due and was not posted yet; returns how many messages this call posted. */
    public int postIfDue() {
        Instant now = clock.instant();
        Matrix m = matrices.current();
        Optional<CalendarWeek> due = WeeklySummary.dueAt(now, m.station().zone(), schedule);
        if (due.isEmpty()) return 0;
        CalendarWeek week = due.get();
        String guard = keys.weeklySummary(week.id());
        if (redis.exists(guard)) return 0;
        List<OutboundMessage> messages = WeeklySummary.messages(m, figures.week(week, WeekFigures.Scope.township(m), now));
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(GUARD_KEPT.toMillis()));
        args.add(now + " " + instanceId);
        for (OutboundMessage msg : messages) args.add(Json.write(msg));
        long posted = ((Number) post.run(redis, List.of(guard, keys.outbound()), args)).longValue();
        if (posted < 0) return 0;   // another instance was first
        if (messages.isEmpty()) log.warn("weekly summary of {}: the matrix has no tier-1 group to post it in", week.id());
        else log.info("weekly summary of {} posted to {} tier-1 group(s)", week.id(), posted);
        counters.inc("figures.weekly_summary");
        return (int) posted;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                postIfDue();
            } catch (JedisConnectionException e) {
                log.warn("weekly summary: Redis unavailable ({}); trying again in a minute", e.getMessage());
            } catch (Throwable e) {
                log.error("weekly summary failed; trying again in a minute", e);
            }
            if (!Pause.between(TICK, () -> running)) return;
        }
    }
}
