package zhijian.bot.cli;

import zhijian.bot.GatewayConfig;
import zhijian.eval.Tsv;
import zhijian.fraud.Ngrams;
import zhijian.seed.SeedLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code train-fraud [--min 2] [--out FILE] [--normal FILE]... EXAMPLES.tsv...}: learns the n-gram weights of the
 * fraud detector from labelled examples (label fraud/normal) — and, with {@code --normal}, from files whose every row
 * is an ordinary message whatever its label (the residents' requests of {@code intents-*.tsv}: what the groups say
 * most, and must never be taken for a scam) — and writes them as {@code gram TAB weight} — by default to standard output;
 * the shipped weights are {@code seeds/fraud-ngrams.tsv}, learned from the project's own hand-written examples.
 */
public final class TrainFraud {
    private TrainFraud() {}

    public static int main(List<String> args, GatewayConfig config) throws IOException {
        int min = 2;
        Path out = null;
        List<Path> files = new ArrayList<>();
        List<Path> ordinary = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--min") && i + 1 < args.size()) min = Integer.parseInt(args.get(++i));
            else if (a.equals("--out") && i + 1 < args.size()) out = Path.of(args.get(++i));
            else if (a.equals("--normal") && i + 1 < args.size()) ordinary.add(Path.of(args.get(++i)));
            else if (!a.startsWith("--")) files.add(Path.of(a));
            else return fail("unknown argument: " + a);
        }
        if (files.isEmpty()) return fail("usage: train-fraud [--min 2] [--out FILE] [--normal FILE]... EXAMPLES.tsv...");
        var shorteners = SeedLoader.load(config.seedsDir()).rules().fraud().shorteners();
        List<Map.Entry<String, Boolean>> examples = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) return fail("no such file: " + f);
            for (Tsv.Row r : Tsv.read(f)) {
                if (!r.label().equals("fraud") && !r.label().equals("normal")) {
                    return fail(f + ":" + r.line() + ": label is fraud or normal, not " + r.label());
                }
                examples.add(new AbstractMap.SimpleEntry<>(r.text(), r.label().equals("fraud")));
            }
        }
        for (Path f : ordinary) {
            if (!Files.isRegularFile(f)) return fail("no such file: " + f);
            for (Tsv.Row r : Tsv.read(f)) examples.add(new AbstractMap.SimpleEntry<>(r.text(), false));
        }
        Map<String, Integer> weights = Ngrams.train(examples, shorteners, min);
        long fraud = examples.stream().filter(Map.Entry::getValue).count();
        String header = "Learned n-gram weights of the fraud detector (hundredths of log-odds, scam vs ordinary message).\n"
                + "Made by: java -jar bot/target/zhijian-bot.jar train-fraud --min " + min + " --out <this file> "
                + String.join(" ", ordinary.stream().map(p -> "--normal " + p).toList()) + (ordinary.isEmpty() ? "" : " ")
                + String.join(" ", files.stream().map(Path::toString).toList()) + "\n"
                + examples.size() + " examples (" + fraud + " scams, " + (examples.size() - fraud) + " ordinary); "
                + weights.size() + " grams seen in at least " + min + " examples. {L} = a link, {N} = a number.";
        String text = Ngrams.write(weights, header);
        if (out == null) System.out.print(text);
        else Files.writeString(out, text, StandardCharsets.UTF_8);
        System.err.println("train-fraud: " + weights.size() + " grams from " + examples.size() + " examples"
                + (out == null ? "" : " → " + out));
        return 0;
    }

    private static int fail(String message) {
        System.err.println(message);
        return 2;
    }
}
