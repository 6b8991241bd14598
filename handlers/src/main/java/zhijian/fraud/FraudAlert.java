package zhijian.fraud;

import java.time.Instant;
import java.util.List;

/**
 * A message taken for a scam: posted in a group (the group was warned, the officer told), or pasted by a resident
 * asking 这是诈骗吗. Officers settle it: confirmed (its sender, links and numbers go on the block list) or a false
 * alarm (its text and sender are let through from then on).
 *
 * @param id      e.g. {@code F-20261122-0001}
 * @param officer who was told (the grid's community officer, or the duty officer)
 */
public record FraudAlert(String id, Kind kind, String chat, String grid, String sender, String senderName, String text,
                         String family, int score, List<String> why, List<String> links, List<String> numbers,
                         String messageId, Instant at, String officer, State state, String verdictBy, Instant verdictAt,
                         int version) {
    public FraudAlert {
        why = List.copyOf(why);
        links = List.copyOf(links);
        numbers = List.copyOf(numbers);
    }

    public enum Kind {
        /** posted in a tier-2 group */
        GROUP,
        /** pasted by a resident asking whether it is a scam */
        CHECK
    }

    public enum State {
        NEW("待核实"), CONFIRMED("已确认诈骗"), FALSE_ALARM("误报");

        private final String label;

        State(String label) { this.label = label; }

        public String label() { return label; }
    }

    public FraudAlert settled(State to, String by, Instant at) {
        return new FraudAlert(id, kind, chat, grid, sender, senderName, text, family, score, why, links, numbers, messageId,
                this.at, officer, to, by, at, version + 1);
    }
}
