package zhijian.eval;

import zhijian.dispatch.FraudScreen;
import zhijian.fraud.FraudDetector;
import zhijian.fraud.FraudVerdict;
import zhijian.intent.IntentClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores the fraud detector on labelled rows ({@code fraud} / {@code normal}): precision, recall and F1 of "fraud"
 * overall and per source tag (the {@code ;}-separated tags after the first field of {@code source}), and the false-alarm
 * rate on anti-fraud warnings (rows tagged {@code antifraud_warning_hard_negative}).
 */
public final class FraudEvaluation {
    public static final String WARNING_TAG = "antifraud_warning_hard_negative";

    private FraudEvaluation() {}

    /** Counts of one slice: true/false positives, false/true negatives. */
    public static final class Counts {
        int tp, fp, fn, tn;

        void add(boolean fraud, boolean flagged) {
            if (fraud && flagged) tp++;
            else if (fraud) fn++;
            else if (flagged) fp++;
            else tn++;
        }

        public int n() { return tp + fp + fn + tn; }
        public double precision() { return tp + fp == 0 ? 0 : (double) tp / (tp + fp); }
        public double recall() { return tp + fn == 0 ? 0 : (double) tp / (tp + fn); }
        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        /** Share of the normal rows flagged. */
        public double falseAlarm() { return fp + tn == 0 ? 0 : (double) fp / (fp + tn); }
    }

    public record Miss(Tsv.Row row, FraudVerdict verdict) {}

    public record Result(Counts overall, Map<String, Counts> byTag, Counts warnings, List<Miss> misses) {
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-44s %5s %5s %5s %5s  %9s %6s %6s %11s%n", "slice", "n", "tp", "fp", "fn",
                    "precision", "recall", "f1", "false_alarm"));
            line(b, "all", overall);
            byTag.forEach((tag, c) -> line(b, "  " + tag, c));
            return b.toString();
        }

        private static void line(StringBuilder b, String name, Counts c) {
            b.append(String.format(Locale.ROOT, "%-44s %5d %5d %5d %5d  %9.3f %6.3f %6.3f %11.3f%n", name, c.n(), c.tp, c.fp,
                    c.fn, c.precision(), c.recall(), c.f1(), c.falseAlarm()));
        }

        /** The machine-readable last line. */
        public String lastLine() {
            return String.format(Locale.ROOT, "n=%d f1=%.4f precision=%.4f recall=%.4f false_alarm=%.4f warning_n=%d "
                            + "warning_false_alarm=%.4f", overall.n(), overall.f1(), overall.precision(), overall.recall(),
                    overall.falseAlarm(), warnings.n(), warnings.falseAlarm());
        }
    }

    /** The detector's verdicts as a group would see them ({@link FraudScreen}: clear requests are not warned about). */
    public static Result run(List<Tsv.Row> rows, FraudDetector detector, IntentClassifier classifier) {
        Counts all = new Counts(), warnings = new Counts();
        Map<String, Counts> byTag = new TreeMap<>();
        List<Miss> misses = new ArrayList<>();
        for (Tsv.Row r : rows) {
            boolean fraud = switch (r.label()) {
                case "fraud" -> true;
                case "normal" -> false;
                default -> throw new IllegalArgumentException("line " + r.line() + ": label is fraud or normal, not " + r.label());
            };
            FraudVerdict v = detector.check(r.text());
            boolean flagged = FraudScreen.warns(v, r.text(), classifier);
            all.add(fraud, flagged);
            for (String tag : tags(r.source())) {
                byTag.computeIfAbsent(tag, t -> new Counts()).add(fraud, flagged);
                if (tag.equals(WARNING_TAG)) warnings.add(fraud, flagged);
            }
            if (fraud != flagged) misses.add(new Miss(r, v));
        }
        return new Result(all, byTag, warnings, misses);
    }

    /** The tags of a source: what follows its first {@code ;}, split at {@code ;}; publisher=… tags are folded. */
    static List<String> tags(String source) {
        List<String> out = new ArrayList<>();
        if (source == null || source.isBlank()) return out;
        String[] p = source.split(";");
        for (int i = 1; i < p.length; i++) {
            String t = p[i].strip();
            if (t.isEmpty() || t.startsWith("publisher=")) continue;
            out.add(t);
        }
        if (p.length == 1 && !p[0].isBlank() && !p[0].contains("@")) out.add(p[0].strip());
        return out;
    }

}
