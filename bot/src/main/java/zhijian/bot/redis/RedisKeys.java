package zhijian.bot.redis;

/**
 * Every Redis key and stream the gateway uses, in one place. All start with the configured prefix; on Redis Cluster
 * the prefix carries a hash tag (e.g. {@code {zj}:}) so the keys one script touches share a slot.
 */
public final class RedisKeys {
    public static final String INBOX_GROUP = "inbox";
    public static final String DELIVERY_GROUP = "delivery";

    private final String p;

    public RedisKeys(String prefix) {
        this.p = prefix;
    }

    public String prefix() { return p; }

    // streams
    public String inbound() { return p + "inbound"; }
    public String inboundDead() { return p + "inbound:dead"; }
    public String outbound() { return p + "outbound"; }
    public String outboundDead() { return p + "outbound:dead"; }

    public String dedup(String channel, String channelMsgId) { return p + "dedup:" + channel + ":" + channelMsgId; }

    // matrix
    public String matrix() { return p + "matrix"; }
    public String matrixRev() { return p + "matrix:rev"; }
    public String contacts() { return p + "contacts"; }

    // tickets
    public String ticket(String id) { return p + "ticket:" + id; }
    public String ticketEvents(String id) { return p + "ticket:" + id + ":events"; }
    public String tickets() { return p + "tickets"; }
    public String ticketsOpen() { return p + "tickets:open"; }
    public String ticketsByResident(String member) { return p + "tickets:resident:" + member; }
    public String ticketsByAssignee(String member) { return p + "tickets:assignee:" + member; }
    public String ticketSeq(String day) { return p + "seq:ticket:" + day; }

    // appointments
    public String appointment(String id) { return p + "appt:" + id; }
    public String appointmentsByResident(String member) { return p + "appts:resident:" + member; }
    public String slot(String slotKey) { return p + "slot:" + slotKey; }
    public String appointmentSeq(String day) { return p + "seq:appt:" + day; }

    /** Remembers the id given to what one inbound entry created, so a re-run gets the same id. */
    public String idMemo(String entryId, String what) { return p + "idmemo:" + what + ":" + entryId; }

    public String timers() { return p + "timers"; }

    // simulator
    public String simLog(String chat) { return p + "sim:log:" + chat; }
}
