package zhijian.bot.store;

import redis.clients.jedis.UnifiedJedis;
import zhijian.appointment.Appointment;
import zhijian.bot.Json;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.fraud.FraudAlert;
import zhijian.dispatch.Action;
import zhijian.message.TimerEvent;
import zhijian.ticket.Change;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the actions of one decision to Redis in one atomic script, together with the acknowledgement of the
 * inbound entry that caused them: either all of it happens, exactly once, or none of it.
 * Ticket and appointment writes carry guards (the version they were decided on, a slot's room); when a guard no
 * longer holds the script changes nothing and the caller decides again over fresh state.
 */
public final class Applier {
    public enum Result { APPLIED, ALREADY_DONE, CONFLICT }

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    /** Lua's unpack takes a few thousand values at most: long target lists are pushed in parts. */
    private static final int TARGETS_PER_OP = 1000;

    private final LuaScript script = LuaScript.load("apply");

    public Applier(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * @param stream  the stream the entry came from
     * @param group   its consumer group
     * @param entryId the entry to acknowledge, or null when the actions came from elsewhere
     */
    public Result apply(String stream, String group, String entryId, List<Action> actions) {
        Batch b = new Batch(stream);
        for (Action a : actions) {
            if (a instanceof Action.Send s) b.op("XADD", keys.outbound(), "*", "m", Json.write(s.message()));
            else if (a instanceof Action.SaveTicket t) ticket(b, t.change());
            else if (a instanceof Action.SaveAppointment s) appointment(b, s);
            else if (a instanceof Action.SaveBroadcast s) broadcast(b, s);
            else if (a instanceof Action.PurgeBroadcast p) purge(b, p.broadcast());
            else if (a instanceof Action.SaveFraudAlert f) fraudAlert(b, f);
            else if (a instanceof Action.ChangeFraudLists l) fraudLists(b, l);
            else if (a instanceof Action.RecordAck r) {
                b.op("HSETNX", keys.broadcastAcks(r.broadcast()), r.chat(), Json.write(new BroadcastLedger.Ack(r.member(), r.at())));
            } else if (a instanceof Action.RecordClue c) b.op("RPUSH", keys.broadcastClues(c.broadcast()), Json.write(c.clue()));
            else if (a instanceof Action.RememberResident r) b.op("HSETNX", keys.contacts(), r.member().id(), Json.write(r.member()));
            else if (a instanceof Action.IssueConsoleCode c) {
                // the value carries the deadline by the gateway's clock; Redis's own expiry (its clock) only cleans up
                b.op("SET", keys.consoleCode(c.codeHash()), c.member() + "|" + c.expires().toEpochMilli(), "PX",
                        String.valueOf(zhijian.console.ConsoleCodes.VALID_FOR.toMillis()));
            }
            // Action.Ignore writes nothing
        }
        List<String> args = List.of(group, entryId == null ? "" : entryId, b.spec());
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) script.run(redis, b.keyList(), args);
        String status = String.valueOf(out.get(0));
        return switch (status) {
            case "ok" -> Result.APPLIED;
            case "done" -> Result.ALREADY_DONE;
            case "conflict" -> Result.CONFLICT;
            default -> throw new IllegalStateException("apply script answered " + out);
        };
    }

    private void ticket(Batch b, Change c) {
        Ticket before = c.before(), after = c.after();
        String key = keys.ticket(after.id());
        if (before == null) b.guard("absent", key, null, null);
        else b.guard("hget", key, "ver", String.valueOf(before.version()));
        b.op("HSET", key, "json", Json.write(after), "ver", String.valueOf(after.version()));
        for (TicketEvent e : c.events()) b.op("RPUSH", keys.ticketEvents(after.id()), Json.write(e));
        String created = String.valueOf(after.createdAt().toEpochMilli());
        if (before == null) {
            b.op("ZADD", keys.tickets(), created, after.id());
            b.op("ZADD", keys.ticketsByResident(after.resident()), created, after.id());
        }
        if (after.state().isOpen()) b.op("SADD", keys.ticketsOpen(), after.id());
        else b.op("SREM", keys.ticketsOpen(), after.id());
        if (before != null && before.assignee() != null && (!before.assignee().equals(after.assignee()) || !after.state().isOpen())) {
            b.op("SREM", keys.ticketsByAssignee(before.assignee()), after.id());
        }
        if (after.state().isOpen()) b.op("SADD", keys.ticketsByAssignee(after.assignee()), after.id());
        timers(b, c.schedule(), c.cancel());
    }

    private void appointment(Batch b, Action.SaveAppointment s) {
        Appointment before = s.before(), after = s.after();
        String key = keys.appointment(after.id());
        String slot = keys.slot(after.slot().key());
        if (before == null) {
            b.guard("absent", key, null, null);
            b.guard("scard_lt", slot, null, String.valueOf(s.capacity()));
            b.op("ZADD", keys.appointmentsByResident(after.resident()), String.valueOf(after.bookedAt().toEpochMilli()), after.id());
        } else {
            b.guard("hget", key, "ver", String.valueOf(before.version()));
        }
        b.op("HSET", key, "json", Json.write(after), "ver", String.valueOf(after.version()));
        if (after.state() == Appointment.State.BOOKED) b.op("SADD", slot, after.id());
        else b.op("SREM", slot, after.id());
        timers(b, s.schedule(), s.cancel());
    }

    /**
     * A broadcast, and with a new wave: its chats (a list the fan-out walks), its pending count, the fan-out job on
     * the inbound stream, and the week's figures.
     */
    private void broadcast(Batch b, Action.SaveBroadcast s) {
        Broadcast before = s.before(), after = s.after();
        String id = after.id();
        String key = keys.broadcast(id);
        if (before == null) b.guard("absent", key, null, null);
        else b.guard("hget", key, "ver", String.valueOf(before.version()));
        b.op("HSET", key, "json", Json.write(after), "ver", String.valueOf(after.version()), "state", after.state().name());
        if (before == null) b.op("ZADD", keys.broadcasts(), String.valueOf(after.createdAt().toEpochMilli()), id);
        if (after.active()) b.op("SADD", keys.broadcastsOpen(), id);
        else b.op("SREM", keys.broadcastsOpen(), id);
        Broadcast.Wave w = s.wave();
        if (w != null) {
            List<String> targets = w.targets();
            for (int i = 0; i < targets.size(); i += TARGETS_PER_OP) {
                b.op("RPUSH", keys.waveTargets(id, w.n()), targets.subList(i, Math.min(targets.size(), i + TARGETS_PER_OP))
                        .toArray(String[]::new));
            }
            b.op("SET", keys.wavePending(id, w.n()), String.valueOf(targets.size()));
            b.op("XADD", keys.inbound(), "*", "t", "fanout", "b", id, "w", String.valueOf(w.n()));
            // copies of earlier waves not yet sent give way to the Update (see broadcast_claim.lua)
            if (w.kind() == Broadcast.Wave.Kind.UPDATE) b.op("HSET", key, "updated", String.valueOf(w.n()));
            if (w.kind() == Broadcast.Wave.Kind.ALERT) {
                String stats = keys.broadcastStats(s.week());
                if (w.n() == 1) b.op("HINCRBY", stats, "count:" + after.category(), "1");
                b.op("HINCRBY", stats, "targets:" + after.category(), String.valueOf(targets.size()));
            }
        }
        timers(b, s.schedule(), s.cancel());
    }

    private void fraudAlert(Batch b, Action.SaveFraudAlert s) {
        FraudAlert before = s.before(), after = s.after();
        String key = keys.fraudAlert(after.id());
        if (before == null) b.guard("absent", key, null, null);
        else b.guard("hget", key, "ver", String.valueOf(before.version()));
        b.op("HSET", key, "json", Json.write(after), "ver", String.valueOf(after.version()));
        String stats = keys.fraudStats(s.week());
        String grid = after.grid() == null ? "-" : after.grid();
        if (before == null) {
            b.op("ZADD", keys.fraudAlerts(), String.valueOf(after.at().toEpochMilli()), after.id());
            b.op("HINCRBY", stats, (after.kind() == FraudAlert.Kind.GROUP ? "alerts:" : "checks:") + grid, "1");
        } else if (before.state() != after.state()) {
            b.op("HINCRBY", stats, (after.state() == FraudAlert.State.CONFIRMED ? "confirmed:" : "false:") + grid, "1");
        }
    }

    /** An officer's verdict: block or allow lists, and the revision every instance watches. */
    private void fraudLists(Batch b, Action.ChangeFraudLists l) {
        for (String link : l.blockLinks()) b.op("HSET", keys.fraudBlock("links"), link, l.family());
        for (String n : l.blockNumbers()) b.op("HSET", keys.fraudBlock("numbers"), n, l.family());
        if (l.blockSender() != null) b.op("HSET", keys.fraudBlock("senders"), l.blockSender(), l.family());
        if (l.allowText() != null) b.op("SADD", keys.fraudAllow("texts"), l.allowText());
        if (l.allowSender() != null) b.op("SADD", keys.fraudAllow("senders"), l.allowSender());
        b.op("INCR", keys.fraudRev());
    }

    /** Everything kept about a closed broadcast, after its retention; the week's figures stay. */
    private void purge(Batch b, Broadcast x) {
        String id = x.id();
        b.guard("hget", keys.broadcast(id), "ver", String.valueOf(x.version()));
        b.op("DEL", keys.broadcast(id));
        b.op("DEL", keys.broadcastReached(id));
        b.op("DEL", keys.broadcastAcks(id));
        b.op("DEL", keys.broadcastClues(id));
        for (Broadcast.Wave w : x.waves()) {
            for (String k : List.of(keys.waveTargets(id, w.n()), keys.waveCursor(id, w.n()), keys.waveLedger(id, w.n()),
                    keys.wavePending(id, w.n()), keys.waveReached(id, w.n()))) {
                b.op("DEL", k);
            }
        }
        b.op("ZREM", keys.broadcasts(), id);
        b.op("SREM", keys.broadcastsOpen(), id);
    }

    private void timers(Batch b, List<TimerEvent> schedule, List<String> cancel) {
        for (TimerEvent t : schedule) b.op("ZADD", keys.timers(), String.valueOf(t.due().toEpochMilli()), t.key());
        for (String k : cancel) b.op("ZREM", keys.timers(), k);
    }

    /** The keys, guards and writes of one script call; keys are numbered as Lua's KEYS table. */
    private static final class Batch {
        private final Map<String, Integer> keyIndex = new LinkedHashMap<>();
        private final List<Map<String, Object>> guards = new ArrayList<>();
        private final List<Map<String, Object>> ops = new ArrayList<>();

        Batch(String stream) {
            index(stream);
        }

        int index(String key) {
            return keyIndex.computeIfAbsent(key, k -> keyIndex.size() + 1);
        }

        void guard(String type, String key, String field, String value) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("t", type);
            g.put("k", index(key));
            if (field != null) g.put("f", field);
            if (value != null) g.put("v", value);
            guards.add(g);
        }

        void op(String command, String key, String... args) {
            ops.add(Map.of("c", command, "k", index(key), "a", List.of(args)));
        }

        List<String> keyList() {
            return List.copyOf(keyIndex.keySet());
        }

        String spec() {
            return Json.write(Map.of("g", guards, "o", ops));
        }
    }

}
