package zhijian.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision, recall and F1 per label, macro-F1 and accuracy, from pairs of (gold, predicted) labels.
 * Macro-F1 averages over the labels that occur in the gold data.
 */
public final class Scores {
    private final Map<String, int[]> counts = new LinkedHashMap<>();   // label → {tp, fp, fn}
    private final Set<String> gold = new LinkedHashSet<>();
    private int total;
    private int correct;

    public void add(String goldLabel, String predicted) {
        total++;
        gold.add(goldLabel);
        if (goldLabel.equals(predicted)) {
            correct++;
            counts(goldLabel)[0]++;
        } else {
            counts(predicted)[1]++;
            counts(goldLabel)[2]++;
        }
    }

    private int[] counts(String label) {
        return counts.computeIfAbsent(label, k -> new int[3]);
    }

    public int total() { return total; }

    public double accuracy() { return total == 0 ? 0 : (double) correct / total; }

    public double precision(String label) {
        int[] c = counts(label);
        return c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
    }

    public double recall(String label) {
        int[] c = counts(label);
        return c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
    }

    public double f1(String label) {
        double p = precision(label), r = recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public int support(String label) {
        int[] c = counts(label);
        return c[0] + c[2];
    }

    public double macroF1() {
        if (gold.isEmpty()) return 0;
        double sum = 0;
        for (String l : gold) sum += f1(l);
        return sum / gold.size();
    }

    /** Every label seen, gold labels first in the order they appeared. */
    public List<String> labels() {
        List<String> out = new ArrayList<>(gold);
        for (String l : counts.keySet()) if (!out.contains(l)) out.add(l);
        return out;
    }

    public String table() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support"));
        for (String l : labels()) {
            b.append(String.format(Locale.ROOT, "%-12s %9.3f %9.3f %9.3f %8d%n", l, precision(l), recall(l), f1(l), support(l)));
        }
        return b.toString();
    }
}
