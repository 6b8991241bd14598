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

    // delivery
    /** Outbound messages waiting (rate limit, retry backoff): sorted by when they may go. */
    public String outboundDelayed() { return p + "outbound:delayed"; }
    /** The ledger line of one outbound message: status, channel, attempts, last error. */
    public String delivery(String outboundId) { return p + "delivery:" + outboundId; }
    /** A token bucket of the rate limiter, e.g. {@code bridge} or {@code bridge:章达村村民群}. */
    public String bucket(String name) { return p + "bucket:" + name; }
    /** Up or down, as the last health check of a channel saw it. */
    public String channelState(String channel) { return p + "channel:" + channel + ":state"; }

    // WeCom
    /** WxJava's access-token keys live under this prefix (shared by every instance). */
    public String wecomTokenPrefix() { return p + "wecom"; }
    public String kfCursor(String openKfId) { return p + "wecom:kf:cursor:" + openKfId; }
    public String kfLock(String openKfId) { return p + "wecom:kf:lock:" + openKfId; }
    /** The 微信客服 reply window of one customer: when they last wrote, how many replies since. */
    public String kfWindow(String externalUserId) { return p + "wecom:kf:window:" + externalUserId; }
    /** The response_url a 智能机器人 message may be answered through. */
    public String aibotResponseUrl(String messageId) { return p + "wecom:aibot:reply:" + messageId; }
    /** Customer groups WeCom told us about (change_external_chat), chat id → what changed and when. */
    public String externalChats() { return p + "wecom:external_chats"; }

    // matrix
    public String matrix() { return p + "matrix"; }
    public String matrixRev() { return p + "matrix:rev"; }
    /** The change log of the matrix: one JSON line per change (who, when, what, the revision it made), oldest first. */
    public String matrixChanges() { return p + "matrix:changes"; }
    public String contacts() { return p + "contacts"; }

    // tickets
    public String ticket(String id) { return p + "ticket:" + id; }
    public String ticketEvents(String id) { return p + "ticket:" + id + ":events"; }
    public String tickets() { return p + "tickets"; }
    /** Closed tickets by the time they were closed (办结), for the week's figures. */
    public String ticketsClosed() { return p + "tickets:closed"; }
    public String ticketsOpen() { return p + "tickets:open"; }
    public String ticketsByResident(String member) { return p + "tickets:resident:" + member; }
    public String ticketsByAssignee(String member) { return p + "tickets:assignee:" + member; }
    public String ticketSeq(String day) { return p + "seq:ticket:" + day; }

    // appointments
    public String appointment(String id) { return p + "appt:" + id; }
    public String appointmentsByResident(String member) { return p + "appts:resident:" + member; }
    public String slot(String slotKey) { return p + "slot:" + slotKey; }
    public String appointmentSeq(String day) { return p + "seq:appt:" + day; }

    // broadcasts
    /** A broadcast: {json, ver, state}. */
    public String broadcast(String id) { return p + "bcast:" + id; }
    /** All broadcasts by creation time. */
    public String broadcasts() { return p + "bcasts"; }
    /** The ids of the broadcasts in force now. */
    public String broadcastsOpen() { return p + "bcasts:open"; }
    public String broadcastSeq(String day) { return p + "seq:bcast:" + day; }
    /** The chats of one wave, in order (a list the fan-out walks with a cursor). */
    public String waveTargets(String id, int wave) { return p + "bcast:" + id + ":w" + wave + ":targets"; }
    /** How far the fan-out of a wave has got (an index into its targets). */
    public String waveCursor(String id, int wave) { return p + "bcast:" + id + ":w" + wave + ":cursor"; }
    /** chat → where it stands ({status, channel, error, at}) for one wave. */
    public String waveLedger(String id, int wave) { return p + "bcast:" + id + ":w" + wave; }
    /** How many chats of a wave are not done yet; at 0 the publisher gets the summary. */
    public String wavePending(String id, int wave) { return p + "bcast:" + id + ":w" + wave + ":pending"; }
    /** chat → when it first had the wave (ms), for the time to reach 90%. */
    public String waveReached(String id, int wave) { return p + "bcast:" + id + ":w" + wave + ":reached"; }
    /** Chats an Alert or Update of the broadcast was really handed to (a Cancel goes only to these). */
    public String broadcastReached(String id) { return p + "bcast:" + id + ":reached"; }
    /** chat → the 收到 that acknowledged the broadcast there. */
    public String broadcastAcks(String id) { return p + "bcast:" + id + ":acks"; }
    /** The sightings of a 寻人 case. */
    public String broadcastClues(String id) { return p + "bcast:" + id + ":clues"; }
    /** The station's weekly publishing figures, e.g. week 2026-W47: count:antifraud, targets:…, reach:…. */
    public String broadcastStats(String week) { return p + "stats:bcast:" + week; }
    /** The next free moment (ms) a channel with a channel-wide limit has for broadcast copies. */
    public String pace(String channel) { return p + "pace:" + channel; }

    // anti-fraud
    /** A fraud alert: {json, ver}. */
    public String fraudAlert(String id) { return p + "fraud:alert:" + id; }
    public String fraudAlerts() { return p + "fraud:alerts"; }
    public String fraudSeq(String day) { return p + "seq:fraud:" + day; }
    /** Bumped on every change of the lists or patterns below: instances reload when it moves. */
    public String fraudRev() { return p + "fraud:rev"; }
    /** link host / number / sender → the family a confirmed scam was. */
    public String fraudBlock(String what) { return p + "fraud:block:" + what; }
    /** Fingerprints of false-alarm texts ({@code texts}); false-alarm senders ({@code senders}). */
    public String fraudAllow(String what) { return p + "fraud:allow:" + what; }
    /** family → JSON {word: weight} added at run time. */
    public String fraudPatterns() { return p + "fraud:patterns"; }
    /** The week's anti-fraud figures: alerts:, checks:, confirmed:, false: per grid. */
    public String fraudStats(String week) { return p + "stats:fraud:" + week; }

    // figures
    /** Set once when the weekly summary of a week (e.g. 2026-W47) was posted: it is never posted twice. */
    public String weeklySummary(String week) { return p + "figures:summary:" + week; }

    /** Remembers the id given to what one inbound entry created, so a re-run gets the same id. */
    public String idMemo(String entryId, String what) { return p + "idmemo:" + what + ":" + entryId; }

    public String timers() { return p + "timers"; }

    // staff console
    /** member → Argon2id hash (PHC string) of their console password. */
    public String consolePasswords() { return p + "console:passwords"; }
    /** A session, by the SHA-256 of its token: member, csrf, created; expires when idle. */
    public String consoleSession(String tokenHash) { return p + "console:session:" + tokenHash; }
    /** The token hashes of one person's sessions (all are ended when their password changes). */
    public String consoleSessionsOf(String member) { return p + "console:sessions:" + member; }
    /** A one-time code (by its hash) → the member it lets set a password; expires. */
    public String consoleCode(String codeHash) { return p + "console:code:" + codeHash; }
    /** Failed log-ins in the current window, per account ({@code user:ID}) or per address ({@code ip:ADDR}). */
    public String consoleFailures(String who) { return p + "console:fail:" + who; }
    /** The bot's answers to what one console action asked (by the action's inbound message id). */
    public String consoleAnswers(String messageId) { return p + "console:answers:" + messageId; }

    // simulator
    public String simLog(String chat) { return p + "sim:log:" + chat; }
    public String simSent(String partKey) { return p + "sim:sent:" + partKey; }
}
