package zhijian.bot.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.Applier;
import zhijian.bot.store.FraudStore;
import zhijian.bot.store.MatrixStore;
import zhijian.bot.store.SnapshotLoader;
import zhijian.dispatch.Action;
import zhijian.dispatch.Dispatcher;
import zhijian.dispatch.Plan;
import zhijian.dispatch.Snapshot;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.message.InboundMessage;
import zhijian.message.SystemEvent;
import zhijian.message.TimerEvent;
import zhijian.ticket.EventType;
import zhijian.ticket.TicketEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes messages and due deadlines off the inbound stream, has the {@link Dispatcher} decide, and applies the
 * decision — writes, outbound messages and the acknowledgement together. Any number of these run, in any number of
 * instances, on one consumer group.
 */
public final class InboxWorker extends StreamWorker {
    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    private static final int MAX_DECISIONS = 5;

    /** Work that is not a decision: a 微信客服 event means "fetch the new messages". Keyed by entry type. */
    public interface SideJob {
        void run(Map<String, String> fields) throws Exception;

        /** The job failed too often and went to the dead-letter stream: settle what waited on it. */
        default void gaveUp(Map<String, String> fields, String reason) {
        }
    }

    private final MatrixStore matrices;
    private final FraudStore frauds;
    private final Map<String, SideJob> sideJobs;
    private final Dispatcher dispatcher;
    private final SnapshotLoader loader;
    private final Applier applier;
    private final Clock clock;

    public InboxWorker(UnifiedJedis redis, RedisKeys keys, String consumer, Duration claimIdle, int maxAttempts,
                       Counters counters, MatrixStore matrices, FraudStore frauds, Dispatcher dispatcher,
                       SnapshotLoader loader, Applier applier, Clock clock, Map<String, SideJob> sideJobs) {
        super(redis, keys.inbound(), keys.inboundDead(), RedisKeys.INBOX_GROUP, consumer, claimIdle, maxAttempts, counters);
        this.matrices = matrices;
        this.frauds = frauds;
        this.sideJobs = Map.copyOf(sideJobs);
        this.dispatcher = dispatcher;
        this.loader = loader;
        this.applier = applier;
        this.clock = clock;
    }

    @Override
    protected String name() { return "inbox"; }

    @Override
    protected void deadLettered(StreamEntry e, String reason) {
        SideJob job = sideJobs.get(e.getFields().get("t"));
        if (job != null) job.gaveUp(e.getFields(), reason);
    }

    @Override
    protected void handle(StreamEntry entry) throws Exception {
        String entryId = entry.getID().toString();
        Map<String, String> f = entry.getFields();
        SideJob job = sideJobs.get(f.get("t"));
        if (job != null) {
            job.run(f);
            redis.xack(stream, group, entry.getID());
            counters.inc("inbox." + f.get("t"));
            return;
        }
        Matrix matrix = matrices.current();
        Plan plan;
        if ("sys".equals(f.get("t"))) {
            plan = dispatcher.plan(matrix, new SystemEvent(SystemEvent.Kind.valueOf(f.get("k")), f.get("s"), f.get("n"),
                    f.get("d"), Instant.ofEpochMilli(Long.parseLong(f.get("at"))), f.get("ref")));
        } else if ("timer".equals(f.get("t"))) {
            plan = dispatcher.plan(matrix, TimerEvent.parse(f.get("k"), Instant.ofEpochMilli(Long.parseLong(f.get("due")))));
        } else if ("msg".equals(f.get("t"))) {
            InboundMessage m = Json.read(f.get("m"), InboundMessage.class);
            MDC.put("msg", m.id());
            Optional<Group> chat = matrices.chat(matrix, m.chat());
            if (chat.isEmpty() && m.chat().equals(Group.privateChatId(m.from()))) {
                // someone new writing to the bot one to one (WeCom, 微信客服, the Official Account): their private
                // chat starts now; the decision remembers them
                chat = Optional.of(matrix.privateChatOf(Member.resident(m.from(), m.fromName(), null, m.senderAddress())));
            }
            if (chat.isEmpty()) {
                log.warn("message {} is for chat {} which the matrix no longer has; dropped", m.id(), m.chat());
                finish(entryId, List.of(new Action.Ignore("unknown chat")));
                return;
            }
            Member contact = matrix.member(m.from()).isPresent() ? null : matrices.contact(m.from()).orElse(null);
            plan = dispatcher.plan(matrix, chat.get(), m, contact, frauds.current());
        } else {
            throw new IllegalStateException("entry " + entryId + " has no known type: " + f.keySet());
        }
        for (int attempt = 1; attempt <= MAX_DECISIONS; attempt++) {
            Snapshot snap = loader.load(plan, entryId, clock.instant());
            List<Action> actions = dispatcher.decide(plan, snap);
            Applier.Result r = applier.apply(stream, group, entryId, actions);
            if (r != Applier.Result.CONFLICT) {
                record(plan, actions, r);
                return;
            }
            counters.inc("inbox.conflicts");
        }
        throw new IllegalStateException("entry " + entryId + ": the state kept changing under " + MAX_DECISIONS + " decisions");
    }

    private void finish(String entryId, List<Action> actions) {
        applier.apply(stream, group, entryId, actions);
        counters.inc("inbox.processed");
    }

    private void record(Plan plan, List<Action> actions, Applier.Result r) {
        counters.inc("inbox.processed");
        if (r == Applier.Result.ALREADY_DONE) {
            counters.inc("inbox.already_done");
            return;
        }
        long sends = actions.stream().filter(a -> a instanceof Action.Send).count();
        String ignored = actions.stream().filter(a -> a instanceof Action.Ignore).map(a -> ((Action.Ignore) a).reason())
                .findFirst().orElse(null);
        String ticket = actions.stream().filter(a -> a instanceof Action.SaveTicket)
                .map(a -> ((Action.SaveTicket) a).change().after().id()).findFirst().orElse(null);
        if (ignored != null && sends == 0) counters.inc("inbox.ignored");
        for (Action a : actions) {
            if (!(a instanceof Action.SaveTicket t)) continue;
            for (TicketEvent e : t.change().events()) {
                // SLA breaches as they happen, for /metrics: a deadline missed, and who it went up to
                if (e.type() == EventType.SIGN_MISSED) counters.inc("sla.missed.sign");
                else if (e.type() == EventType.FINISH_MISSED) counters.inc("sla.missed.finish");
                else if (e.type() == EventType.ESCALATED) counters.inc("tickets.escalated");
            }
        }
        if (ticket != null) MDC.put("ticket", " " + ticket);
        if (plan.event() != null) {
            log.info("{} {} handled: {} notice(s)", plan.event().kind(), plan.event().subject(), sends);
        } else if (plan.timer() != null) {
            log.info("deadline {} handled: {} message(s){}", plan.timer().key(), sends, ignored == null ? "" : " (" + ignored + ")");
        } else if (log.isDebugEnabled() || sends > 0) {
            // ids and kinds only: never what the resident wrote
            log.info("message in {} handled: {} message(s) out{}", plan.chat().id(), sends,
                    ticket == null ? "" : ", ticket " + ticket);
        }
    }
}
