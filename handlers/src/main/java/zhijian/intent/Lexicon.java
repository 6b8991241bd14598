package zhijian.intent;

import java.util.List;
import java.util.Map;

/**
 * The intent lexicon from {@code seeds/lexicon.yaml}: weighted terms per intent, small-talk dampers,
 * finer kinds (an emergency's kind and the hotline to call), and the thresholds.
 *
 * @param minScore below this nothing is asked of the bot
 * @param intents  per intent: its terms and the score at which a group message is clearly a request
 * @param dampers  terms of small talk and jokes; their weight is taken off every intent
 * @param kinds    per intent, finer kinds in order: the first whose terms match names the kind
 */
public record Lexicon(int minScore, Map<Intent, IntentTerms> intents, List<Term> dampers,
                      Map<Intent, List<Kind>> kinds) {

    public record IntentTerms(int clear, List<Term> terms) {}

    /** A finer kind of an intent, e.g. an emergency of kind {@code fire} with its advice. */
    public record Kind(String id, String name, String advice, List<Term> terms) {}
}
