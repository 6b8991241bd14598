package zhijian.eval;

import zhijian.intent.Classification;
import zhijian.intent.IntentClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores the intent classifier on labelled rows, as a message addressed to the bot (a private chat):
 * the predicted label is the winning intent's evaluation label.
 *
 * @param folds predicted labels to count as another label, for files that lack a class ({@code hazard=report})
 */
public final class IntentEvaluation {
    private IntentEvaluation() {}

    public record Miss(Tsv.Row row, String predicted, List<String> matched) {}

    public record Result(Scores scores, List<Miss> misses) {
        public String lastLine() {
            return String.format(Locale.ROOT, "n=%d accuracy=%.3f macro_f1=%.3f", scores.total(), scores.accuracy(), scores.macroF1());
        }
    }

    public static Result run(List<Tsv.Row> rows, IntentClassifier classifier, Map<String, String> folds) {
        Scores scores = new Scores();
        List<Miss> misses = new ArrayList<>();
        for (Tsv.Row row : rows) {
            Classification c = classifier.classify(row.text());
            String predicted = c.intent().evalLabel();
            predicted = folds.getOrDefault(predicted, predicted);
            scores.add(row.label(), predicted);
            if (!predicted.equals(row.label())) misses.add(new Miss(row, predicted, c.matched()));
        }
        return new Result(scores, misses);
    }
}
