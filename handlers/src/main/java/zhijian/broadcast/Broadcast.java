package zhijian.broadcast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One publication from tier 1, an envelope like the Common Alerting Protocol's: a category (an outbound catalog
 * item), a severity, a scope, an expiry, and the waves it went out in — the Alert, any widening of it, Updates and
 * a Cancel, each to a list of chats. An Update or a Cancel goes to exactly the chats the Alert waves went to.
 *
 * @param id            e.g. {@code B-20261122-0001}
 * @param category      the catalog item's id, e.g. {@code antifraud}
 * @param word          the category as the publisher wrote it (反诈预警), shown in the header
 * @param scope         where it was published to (its label is what the publisher wrote)
 * @param text          the body as first published
 * @param publisher     who published it; for a missing person, the case officer
 * @param fromChat      where it was published (the tier-1 group, a private chat, the console)
 * @param sentAt        when it went out (null while a preview)
 * @param expiresAt     when it stops being in force (from when it went out)
 * @param urgent        goes out without confirmation, and a group's 收到 is asked for
 * @param missingPerson a 寻人 case: widens on a schedule, takes sightings, closes with 已找到
 * @param widened       how many widening steps have been taken
 * @param closedBy      who cancelled it or said 已找到, or null
 */
public record Broadcast(String id, String category, String word, Severity severity, Scope scope, String text,
                        String publisher, String fromChat, Instant createdAt, Instant sentAt, Instant expiresAt,
                        State state, boolean urgent, boolean missingPerson, List<Wave> waves, int widened,
                        String closedBy, Instant closedAt, String closeNote, int version) {
    public Broadcast {
        waves = waves == null ? List.of() : List.copyOf(waves);
    }

    public enum State {
        /** shown to the publisher, not sent; waits for 确认 */
        PREVIEW("待确认"),
        /** a preview the publisher cancelled: never sent */
        DISCARDED("已作废"),
        /** sent and in force */
        ACTIVE("生效中"),
        /** withdrawn by the publisher: a Cancel went to every chat it reached */
        CANCELLED("已撤销"),
        /** a missing person was found: a Cancel went everywhere and the case is closed */
        FOUND("已找到"),
        /** past its expiry */
        EXPIRED("已过期");

        private final String label;

        State(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** CAP's severity, in the words the station uses. */
    public enum Severity {
        EXTREME("特别严重"), SEVERE("严重"), MODERATE("较重"), MINOR("一般");

        private final String label;

        Severity(String label) { this.label = label; }

        public String label() { return label; }
    }

    /**
     * One sending: the first Alert, a widening (another Alert to more chats), an Update, the Cancel.
     *
     * @param text   the words the publisher gave (for an Alert, an Update), or the note of a Cancel
     * @param title  the header each chat reads, e.g. 【反诈预警】阿扎乡派出所
     * @param body   what each chat reads under it
     * @param reason why this wave, for the ledger (扩大到全乡各群), or null
     */
    public record Wave(int n, Kind kind, String text, String title, String body, List<String> targets, Instant at,
                       String reason) {
        public Wave {
            targets = List.copyOf(targets);
        }

        public enum Kind {
            ALERT("发布"), UPDATE("更正"), CANCEL("撤销");

            private final String label;

            Kind(String label) { this.label = label; }

            public String label() { return label; }
        }
    }

    public boolean active() { return state == State.ACTIVE; }

    /** Every chat an Alert wave went to, in the order they were first addressed. */
    public List<String> addressed() {
        Set<String> out = new LinkedHashSet<>();
        for (Wave w : waves) if (w.kind() == Wave.Kind.ALERT) out.addAll(w.targets());
        return List.copyOf(out);
    }

    public boolean addresses(String chat) {
        for (Wave w : waves) if (w.kind() == Wave.Kind.ALERT && w.targets().contains(chat)) return true;
        return false;
    }

    /** What is in force now: the last Update's words, or the original. */
    public String currentText() {
        String t = text;
        for (Wave w : waves) if (w.kind() == Wave.Kind.UPDATE) t = w.text();
        return t;
    }

    public Wave wave(int n) {
        if (n < 1 || n > waves.size()) throw new IllegalArgumentException(id + " has no wave " + n);
        return waves.get(n - 1);
    }

    /** The next wave of this broadcast, numbered after the last. */
    public Wave nextWave(Wave.Kind kind, String text, String title, String body, List<String> targets, Instant at,
                         String reason) {
        return new Wave(waves.size() + 1, kind, text, title, body, targets, at, reason);
    }

    public Broadcast sent(Wave first, Instant at, Instant expires) {
        return new Broadcast(id, category, word, severity, scope, text, publisher, fromChat, createdAt, at, expires,
                State.ACTIVE, urgent, missingPerson, List.of(first), widened, null, null, null, version + 1);
    }

    public Broadcast withWave(Wave w) {
        return new Broadcast(id, category, word, severity, scope, text, publisher, fromChat, createdAt, sentAt, expiresAt,
                state, urgent, missingPerson, plus(w), widened, closedBy, closedAt, closeNote, version + 1);
    }

    /** After widening step {@code step}; {@code w} is the Alert to the chats it adds, or null when it adds none. */
    public Broadcast widenedTo(int step, Wave w) {
        return new Broadcast(id, category, word, severity, scope, text, publisher, fromChat, createdAt, sentAt, expiresAt,
                state, urgent, missingPerson, plus(w), step, closedBy, closedAt, closeNote, version + 1);
    }

    /** Closed: cancelled, found, discarded or expired; {@code w} is the Cancel wave, if one goes out. */
    public Broadcast closed(State to, String by, Instant at, String note, Wave w) {
        return new Broadcast(id, category, word, severity, scope, text, publisher, fromChat, createdAt, sentAt, expiresAt,
                to, urgent, missingPerson, plus(w), widened, by, at, note, version + 1);
    }

    private List<Wave> plus(Wave w) {
        if (w == null) return waves;
        List<Wave> all = new ArrayList<>(waves);
        all.add(w);
        return all;
    }
}
