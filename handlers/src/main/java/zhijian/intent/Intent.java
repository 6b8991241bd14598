package zhijian.intent;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a message asks of the station. The order is the priority when two score the same:
 * an emergency beats everything, small talk loses to everything.
 */
public enum Intent {
    EMERGENCY("emergency", "emergency"),
    REPORT("report", "report"),
    DISPUTE("dispute", "dispute"),
    HAZARD("hazard", "hazard"),
    APPOINTMENT("appointment", null),
    CONSULT("consult", "consult"),
    STATUS("status", null),
    HELP("help", null),
    OTHER("other", null);

    private final String key;
    private final String category;

    Intent(String key, String category) {
        this.key = key;
        this.category = category;
    }

    /** The name used in the lexicon and in evaluation files. */
    public String key() { return key; }

    /** The catalog item a ticket for this intent is filed under, or null when it makes no ticket by itself. */
    public String category() { return category; }

    /** The label an evaluation file uses for this intent (status and help questions are "other" there). */
    public String evalLabel() {
        return this == STATUS || this == HELP ? OTHER.key : key;
    }

    public static Optional<Intent> fromKey(String key) {
        return Arrays.stream(values()).filter(i -> i.key.equals(key)).findFirst();
    }
}
