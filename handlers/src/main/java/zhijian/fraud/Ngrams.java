package zhijian.fraud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learned half of the detector: short character sequences (1–2 characters, over the text with every link and
 * every number folded into one mark each) weighted by how much more often they appear in scams than in ordinary
 * messages of the hand-written examples — smoothed log-odds, a naive-Bayes reading. They generalise where the
 * hand-picked words cannot (a scam worded in a way nobody listed), and are written to {@code seeds/fraud-ngrams.tsv}
 * by {@code train-fraud}, so they live in the seeds like the words do, readable and replaceable.
 */
public final class Ngrams {
    /** Folds a link into one mark, and a number into another (in the file: {L} and {N}). */
    public static final char LINK = '\uE000', NUMBER = '\uE001';
    public static final int MIN_N = 1, MAX_N = 2;
    /** Weights are kept as hundredths. */
    public static final int SCALE = 100;

    private Ngrams() {}

    /** The text as n-grams see it: normalised, links and numbers folded, spaces gone. */
    public static String shape(String raw, java.util.Set<String> shorteners) {
        return shapeNormalized(FraudText.normalize(raw), shorteners);
    }

    /** {@link #shape} of a text already normalised ({@link FraudText#normalize}). */
    static String shapeNormalized(String n, java.util.Set<String> shorteners) {
        StringBuilder b = new StringBuilder(n.length());
        int i = 0;
        while (i < n.length()) {
            char c = n.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (FraudText.urlChar(c)) {
                int start = i;
                while (i < n.length() && FraudText.urlChar(n.charAt(i))) i++;
                fold(n.substring(start, i), b, shorteners);
                continue;
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    private static void fold(String tok, StringBuilder b, java.util.Set<String> shorteners) {
        if (tok.equals("url") || FraudText.link(tok, shorteners) != null) {
            b.append(LINK);
            return;
        }
        int i = 0;
        while (i < tok.length()) {
            char c = tok.charAt(i);
            if ((c >= '0' && c <= '9') || tok.startsWith("digit", i) || tok.startsWith("cellphone", i)) {
                if (tok.startsWith("digit", i)) i += 5;
                else if (tok.startsWith("cellphone", i)) i += 9;
                else while (i < tok.length() && (Character.isDigit(tok.charAt(i)) || tok.charAt(i) == '-' || tok.charAt(i) == '.')) i++;
                b.append(NUMBER);
            } else {
                b.append(c);
                i++;
            }
        }
    }

    /** Trains weights on labelled examples: fraud → true. Keeps grams seen in at least {@code minCount} examples. */
    public static Map<String, Integer> train(List<Map.Entry<String, Boolean>> examples, java.util.Set<String> shorteners,
                                             int minCount) {
        Map<String, int[]> counts = new TreeMap<>();
        int fraud = 0, normal = 0;
        for (Map.Entry<String, Boolean> e : examples) {
            if (e.getValue()) fraud++;
            else normal++;
            for (String g : grams(shape(e.getKey(), shorteners))) counts.computeIfAbsent(g, k -> new int[2])[e.getValue() ? 0 : 1]++;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int f = e.getValue()[0], nn = e.getValue()[1];
            if (f + nn < minCount) continue;
            double w = Math.log(((f + 0.5) / (fraud + 1.0)) / ((nn + 0.5) / (normal + 1.0)));
            int scaled = (int) Math.round(w * SCALE);
            if (scaled != 0) out.put(e.getKey(), scaled);
        }
        return out;
    }

    /** The distinct n-grams of a shaped text. */
    public static java.util.Set<String> grams(String shaped) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int n = MIN_N; n <= MAX_N; n++) {
            for (int i = 0; i + n <= shaped.length(); i++) {
                // a gram never cuts an emoji or other supplementary character in half
                if (Character.isLowSurrogate(shaped.charAt(i)) || Character.isHighSurrogate(shaped.charAt(i + n - 1))) continue;
                out.add(shaped.substring(i, i + n));
            }
        }
        return out;
    }

    /** A gram as written in the file ({L}, {N} for the marks). */
    public static String encode(String gram) {
        return gram.replace(String.valueOf(LINK), "{L}").replace(String.valueOf(NUMBER), "{N}");
    }

    public static String decode(String written) {
        return written.replace("{L}", String.valueOf(LINK)).replace("{N}", String.valueOf(NUMBER));
    }

    /** The file: a comment header, then gram TAB weight (hundredths of log-odds) per line. */
    public static String write(Map<String, Integer> weights, String header) {
        StringBuilder b = new StringBuilder();
        for (String line : header.split("\n")) b.append("# ").append(line).append('\n');
        weights.forEach((g, w) -> b.append(encode(g)).append('\t').append(String.format(Locale.ROOT, "%d", w)).append('\n'));
        return b.toString();
    }
}
