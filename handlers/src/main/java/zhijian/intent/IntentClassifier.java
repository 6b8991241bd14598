package zhijian.intent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a message against the lexicon. Each term counts once; small-talk dampers are taken off every
 * intent; the highest score wins, ties going to the more urgent intent.
 */
public final class IntentClassifier {
    private final Lexicon lexicon;

    public IntentClassifier(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    public Classification classify(String rawText) {
        String text = TextNormalizer.normalize(rawText);
        int damp = 0;
        for (Term t : lexicon.dampers()) if (t.match(text) != null) damp += t.weight();

        Map<Intent, Integer> scores = new EnumMap<>(Intent.class);
        Intent best = Intent.OTHER;
        int bestScore = 0;
        List<String> bestMatched = List.of();
        for (var e : lexicon.intents().entrySet()) {
            int score = 0;
            List<String> matched = new ArrayList<>();
            for (Term t : e.getValue().terms()) {
                String hit = t.match(text);
                if (hit != null) {
                    score += t.weight();
                    matched.add(hit);
                }
            }
            if (score > 0) score = Math.max(0, score - damp);
            scores.put(e.getKey(), score);
            if (score > bestScore || (score == bestScore && score > 0 && e.getKey().ordinal() < best.ordinal())) {
                best = e.getKey();
                bestScore = score;
                bestMatched = matched;
            }
        }
        if (bestScore < lexicon.minScore()) {
            return new Classification(Intent.OTHER, bestScore, false, null, List.of(), scores);
        }
        Lexicon.IntentTerms terms = lexicon.intents().get(best);
        boolean clear = bestScore >= terms.clear();
        return new Classification(best, bestScore, clear, kindOf(best, text), List.copyOf(bestMatched), scores);
    }

    /** The first finer kind of the intent whose terms match, or null. */
    private String kindOf(Intent intent, String text) {
        for (Lexicon.Kind k : lexicon.kinds().getOrDefault(intent, List.of())) {
            for (Term t : k.terms()) if (t.match(text) != null) return k.id();
        }
        return null;
    }

    public Lexicon lexicon() { return lexicon; }
}
