package zhijian.broadcast;

import zhijian.intent.Term;
import zhijian.intent.TextNormalizer;
import zhijian.matrix.Member;
import zhijian.matrix.Role;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The station's rules for publishing ({@code seeds/broadcast.yaml}): who may publish, how long a preview waits,
 * what counts as "received" and when to remind, each category's severity, and how a missing-person alert widens
 * and what in a reached group counts as a sighting.
 *
 * @param missingCategory the catalog item 寻人 notices are filed under
 * @param missingWords    the words for it that make a broadcast a 寻人 case (寻物 under the same item does not)
 * @param keepFor         how long a closed broadcast's ledger, acks and clues are kept before they are deleted
 */
public record BroadcastPolicy(Set<Role> publishRoles, Duration previewValid, List<String> ackWords,
                              Duration ackRemindAfter, Map<String, Broadcast.Severity> severity,
                              String missingCategory, List<String> missingWords, List<Widening> widen,
                              List<Term> sighting, List<Term> notSighting, Duration keepFor) {
    public BroadcastPolicy {
        publishRoles = Set.copyOf(publishRoles);
        ackWords = List.copyOf(ackWords);
        severity = Map.copyOf(severity);
        missingWords = List.copyOf(missingWords);
        widen = List.copyOf(widen);
        sighting = List.copyOf(sighting);
        notSighting = List.copyOf(notSighting);
    }

    /** After {@code after} without "found", a missing-person alert reaches {@code to}: township or county. */
    public record Widening(Duration after, Reach to) {}

    public enum Reach {
        /** every tier-2 group of the township */
        TOWNSHIP("全乡各群"),
        /** the county: the tier-1 group and the county heads */
        COUNTY("县局");

        private final String label;

        Reach(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** Police with a publishing role; never a resident, whatever the seeds say. */
    public boolean mayPublish(Member m) {
        return m.isPolice() && m.roles().stream().anyMatch(publishRoles::contains);
    }

    /**
     * Whether a publication goes out without confirmation: the catalog item says so — except that under the
     * missing-person item only a 寻人 is urgent (寻物, lost and found, is not).
     */
    public boolean isUrgent(zhijian.catalog.ServiceItem item, String word) {
        if (item.id().equals(missingCategory)) return missingWords.contains(word);
        return item.urgent();
    }

    public Broadcast.Severity severityOf(zhijian.catalog.ServiceItem item, String word) {
        boolean urgent = isUrgent(item, word);
        if (item.id().equals(missingCategory) && !urgent) return Broadcast.Severity.MINOR;
        Broadcast.Severity s = severity.get(item.id());
        if (s != null) return s;
        return urgent ? Broadcast.Severity.SEVERE : Broadcast.Severity.MODERATE;
    }

    public boolean isMissingPerson(String category, String word) {
        return category.equals(missingCategory) && missingWords.contains(word);
    }

    /** Whether the whole message is one of the acknowledgement words (punctuation and spaces aside). */
    public boolean isAck(String text) {
        String t = text == null ? "" : text.replaceAll("[\\s。.!！,，~～]+", "");
        if (t.isEmpty()) return false;
        for (String w : ackWords) if (t.equals(w.replaceAll("[\\s。.!！,，~～]+", ""))) return true;
        return false;
    }

    /**
     * Whether the message reads like a sighting: one of the sighting terms, and none of the words people use about
     * the notice itself (看到通知了, 已转发, 心疼).
     */
    public boolean looksLikeSighting(String text) {
        String t = TextNormalizer.normalize(text == null ? "" : text);
        for (Term term : notSighting) if (term.match(t) != null) return false;
        for (Term term : sighting) if (term.match(t) != null) return true;
        return false;
    }
}
