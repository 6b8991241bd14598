package zhijian.bot.cli;

import zhijian.bot.GatewayConfig;
import zhijian.eval.FraudEvaluation;
import zhijian.eval.Tsv;
import zhijian.fraud.FraudDetector;
import zhijian.seed.SeedLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code eval-fraud FILE.tsv [--misses]}: scores the fraud detector of {@code seeds/} on a labelled file (label
 * fraud/normal, text, source) and prints precision, recall and F1 overall and per source tag, and the false-alarm
 * rate on anti-fraud warnings; the last line is {@code key=value} pairs.
 */
public final class EvalFraud {
    private EvalFraud() {}

    public static int main(List<String> args, GatewayConfig config) throws IOException {
        Path file = null;
        boolean misses = false, scores = false;
        for (String a : args) {
            if (a.equals("--misses")) misses = true;
            else if (a.equals("--scores")) scores = true;
            else if (file == null && !a.startsWith("--")) file = Path.of(a);
            else return fail("unknown argument: " + a);
        }
        if (file == null) return fail("usage: eval-fraud FILE.tsv [--misses] [--scores]");
        if (!Files.isRegularFile(file)) return fail("no such file: " + file);
        var seeds = SeedLoader.load(config.seedsDir());
        FraudDetector detector = new FraudDetector(seeds.rules().fraud());
        var result = FraudEvaluation.run(Tsv.read(file), detector, seeds.rules().classifier());
        System.out.println("file: " + file + "  (" + detector.patterns() + " patterns)");
        System.out.print(result.table());
        if (misses) {
            for (var m : result.misses()) {
                String t = m.row().text().replaceAll("\\s+", " ");
                System.out.println("miss line " + m.row().line() + ": " + m.row().label() + " score=" + m.verdict().score()
                        + " " + m.verdict().family() + " " + m.verdict().why() + (m.verdict().warning() ? " WARNING" : "")
                        + " | " + (t.length() > 90 ? t.substring(0, 90) + "…" : t));
            }
        }
        if (scores) {
            // the score of every row by label: where a threshold would fall
            for (var r : Tsv.read(file)) {
                var v = detector.check(r.text());
                System.out.println("score " + r.label() + " " + v.score() + (v.warning() ? " warning" : "") + " " + v.family());
            }
        }
        System.out.println(result.lastLine());
        return 0;
    }

    private static int fail(String message) {
        System.err.println(message);
        return 2;
    }
}
