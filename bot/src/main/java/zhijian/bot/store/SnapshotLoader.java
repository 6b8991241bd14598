package zhijian.bot.store;

import redis.clients.jedis.UnifiedJedis;
import zhijian.appointment.Appointment;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.dispatch.Needs;
import zhijian.dispatch.Plan;
import zhijian.dispatch.Snapshot;
import zhijian.ticket.Ticket;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads what a plan says its decision needs, in a few round trips, and hands out new ids. An id given for an
 * inbound entry is remembered, so deciding that entry again (after a crash, or a conflict) reuses it.
 */
public final class SnapshotLoader {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int RECENT = 10;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final TicketStore tickets;
    private final AppointmentStore appointments;
    private final BroadcastStore broadcasts;
    private final FraudStore frauds;
    private final LuaScript allocate = LuaScript.load("allocate_id");
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final String consoleUrl;

    public SnapshotLoader(UnifiedJedis redis, RedisKeys keys, TicketStore tickets, AppointmentStore appointments,
                          BroadcastStore broadcasts, FraudStore frauds) {
        this(redis, keys, tickets, appointments, broadcasts, frauds, "http://127.0.0.1:8080/console/");
    }

    /** @param consoleUrl the console's address as staff open it, for the one-time codes' messages */
    public SnapshotLoader(UnifiedJedis redis, RedisKeys keys, TicketStore tickets, AppointmentStore appointments,
                          BroadcastStore broadcasts, FraudStore frauds, String consoleUrl) {
        this.consoleUrl = consoleUrl;
        this.redis = redis;
        this.keys = keys;
        this.tickets = tickets;
        this.appointments = appointments;
        this.broadcasts = broadcasts;
        this.frauds = frauds;
    }

    public Snapshot load(Plan plan, String entryId, Instant now) {
        Needs n = plan.needs();
        if (n == Needs.NOTHING) return Snapshot.empty(now);
        String sender = plan.sender() == null ? null : plan.sender().id();
        Map<String, Ticket> named = tickets.getAll(n.tickets());
        List<Ticket> mine = n.senderTickets() && sender != null ? tickets.byResident(sender, RECENT) : List.of();
        List<Ticket> queue = n.assigneeTickets() && sender != null ? tickets.openByAssignee(sender) : List.of();
        Map<String, Appointment> appts = appointments.getAll(n.appointments());
        List<Appointment> myAppts = n.senderAppointments() && sender != null ? appointments.byResident(sender, RECENT * 2) : List.of();
        Map<String, Integer> counts = appointments.counts(n.slots());
        ZoneId zone = plan.matrix().station().zone();
        String prefix = plan.matrix().station().ticketPrefix();
        String ticketId = n.newTicketId() ? newId(entryId, "ticket", prefix, now, zone) : null;
        String apptId = n.newAppointmentId() ? newId(entryId, "appt", prefix + "Y", now, zone) : null;
        Snapshot.Frauds f = n.fraudAlerts().isEmpty() && !n.newFraudId() ? Snapshot.Frauds.NONE
                : new Snapshot.Frauds(frauds.getAll(n.fraudAlerts()), n.newFraudId() ? newId(entryId, "fraud", "F", now, zone) : null);
        Snapshot.ConsoleCode code = n.consoleCode()
                ? new Snapshot.ConsoleCode(zhijian.console.ConsoleCodes.make(random), consoleUrl) : null;
        return new Snapshot(now, named, mine, queue, appts, myAppts, counts, ticketId, apptId, broadcasts(n, entryId, now, zone),
                f, code);
    }

    private Snapshot.Broadcasts broadcasts(Needs n, String entryId, Instant now, ZoneId zone) {
        if (n.broadcasts().isEmpty() && !n.openBroadcasts() && !n.newBroadcastId()) return Snapshot.Broadcasts.NONE;
        Map<String, Broadcast> named = broadcasts.getAll(n.broadcasts());
        Map<String, BroadcastLedger> ledgers = new LinkedHashMap<>();
        if (n.ledgers()) named.values().forEach(b -> ledgers.put(b.id(), broadcasts.ledger(b)));
        List<Broadcast> open = n.openBroadcasts() ? broadcasts.open() : List.of();
        // a bare 已找到 names no broadcast: the open ones it may be about come with their ledgers
        if (n.ledgers()) open.forEach(b -> ledgers.computeIfAbsent(b.id(), id -> broadcasts.ledger(b)));
        String id = n.newBroadcastId() ? newId(entryId, "bcast", "B", now, zone) : null;
        return new Snapshot.Broadcasts(named, ledgers, open, id);
    }

    /**
     * e.g. {@code AZ-20261122-0007}: the station's prefix, the local day, the day's sequence. The whole id is
     * remembered for the entry, so a re-run after midnight keeps the first day's id and number.
     */
    private String newId(String entryId, String what, String prefix, Instant now, ZoneId zone) {
        String day = DAY.format(LocalDate.ofInstant(now, zone));
        String seqKey = switch (what) {
            case "ticket" -> keys.ticketSeq(day);
            case "appt" -> keys.appointmentSeq(day);
            case "fraud" -> keys.fraudSeq(day);
            default -> keys.broadcastSeq(day);
        };
        return String.valueOf(allocate.run(redis, List.of(keys.idMemo(entryId, what), seqKey),
                List.of("172800", prefix + "-" + day)));
    }
}
