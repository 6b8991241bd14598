package zhijian.bot.cli;

import zhijian.bot.GatewayConfig;
import zhijian.eval.IntentEvaluation;
import zhijian.eval.Tsv;
import zhijian.seed.SeedLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code eval-intents FILE.tsv [--fold hazard=report] [--misses]}: scores the intent classifier of {@code seeds/}
 * on a labelled file and prints per-label precision, recall and F1; the last line is {@code key=value} pairs.
 */
public final class EvalIntents {
    private EvalIntents() {}

    public static int main(List<String> args, GatewayConfig config) throws IOException {
        Path file = null;
        Map<String, String> folds = new LinkedHashMap<>();
        boolean misses = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--fold") && i + 1 < args.size()) {
                String[] kv = args.get(++i).split("=", 2);
                if (kv.length != 2) return fail("--fold takes label=label, e.g. hazard=report");
                folds.put(kv[0], kv[1]);
            } else if (a.equals("--misses")) {
                misses = true;
            } else if (file == null && !a.startsWith("--")) {
                file = Path.of(a);
            } else {
                return fail("unknown argument: " + a);
            }
        }
        if (file == null) return fail("usage: eval-intents FILE.tsv [--fold hazard=report] [--misses]");
        if (!Files.isRegularFile(file)) return fail("no such file: " + file);
        var seeds = SeedLoader.load(config.seedsDir());
        var result = IntentEvaluation.run(Tsv.read(file), seeds.rules().classifier(), folds);
        System.out.println("file: " + file + (folds.isEmpty() ? "" : "  folds: " + folds));
        System.out.print(result.scores().table());
        if (misses) {
            for (var m : result.misses()) {
                String t = m.row().text().replaceAll("\\s+", " ");
                System.out.println("miss line " + m.row().line() + ": " + m.row().label() + " -> " + m.predicted()
                        + " " + m.matched() + " | " + (t.length() > 80 ? t.substring(0, 80) + "…" : t));
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
