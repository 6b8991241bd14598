package zhijian.fraud;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a message against the scam families in one pass over its text (all words of all families, signals and
 * warnings in one {@link AhoCorasick} automaton), adds what its shape shows (links, numbers, money) and subtracts
 * the words of an anti-fraud warning. Pure and thread-safe; built once per version of the rules.
 */
public final class FraudDetector {
    private static final int FAMILY = 0, SIGNAL = 1, WARNING = 2;
    /** The family of a message flagged on learned evidence alone: the generic scam moves. */
    public static final String OTHER = "other";

    private final FraudRules rules;
    private final AhoCorasick automaton;
    /** Per pattern: its kind, the family or signal it belongs to (index), and its weight. */
    private final int[] kind, owner, weight;
    private final String[] words;
    private final String[] signalIds;
    private final int[] signalWeights;
    /** The learned n-grams, matched over the shaped text. */
    private final AhoCorasick learned;
    private final int[] learnedWeight;

    public FraudDetector(FraudRules rules) {
        this.rules = rules;
        List<String> patterns = new ArrayList<>();
        List<int[]> meta = new ArrayList<>();
        List<FraudRules.Family> fams = rules.families();
        for (int f = 0; f < fams.size(); f++) {
            // sorted, so the reasons an officer reads come in the same order on every instance and every run
            for (Map.Entry<String, Integer> t : new java.util.TreeMap<>(fams.get(f).terms()).entrySet()) {
                patterns.add(FraudText.normalize(t.getKey()));
                meta.add(new int[]{FAMILY, f, t.getValue()});
            }
        }
        List<FraudRules.Signal> sigs = new ArrayList<>(rules.signals().values());
        sigs.sort(java.util.Comparator.comparing(FraudRules.Signal::id));
        signalIds = new String[sigs.size()];
        signalWeights = new int[sigs.size()];
        for (int s = 0; s < sigs.size(); s++) {
            signalIds[s] = sigs.get(s).id();
            signalWeights[s] = sigs.get(s).weight();
            for (String t : sigs.get(s).terms()) {
                patterns.add(FraudText.normalize(t));
                meta.add(new int[]{SIGNAL, s, sigs.get(s).weight()});
            }
        }
        for (Map.Entry<String, Integer> w : new java.util.TreeMap<>(rules.warnings()).entrySet()) {
            patterns.add(FraudText.normalize(w.getKey()));
            meta.add(new int[]{WARNING, 0, w.getValue()});
        }
        automaton = new AhoCorasick(patterns);
        kind = new int[meta.size()];
        owner = new int[meta.size()];
        weight = new int[meta.size()];
        words = patterns.toArray(new String[0]);
        for (int i = 0; i < meta.size(); i++) {
            kind[i] = meta.get(i)[0];
            owner[i] = meta.get(i)[1];
            weight[i] = meta.get(i)[2];
        }
        List<String> grams = new ArrayList<>(new java.util.TreeSet<>(rules.learned().weights().keySet()));
        learned = grams.isEmpty() ? null : new AhoCorasick(grams);
        learnedWeight = grams.stream().mapToInt(g -> rules.learned().weights().get(g)).toArray();
    }

    /** The learned evidence, in points: the weights of the distinct n-grams present, over the scale. */
    private int learnedPoints(String normalized) {
        if (learned == null) return 0;
        BitSet seen = new BitSet(learnedWeight.length);
        learned.scan(Ngrams.shapeNormalized(normalized, rules.shorteners()), (p, end) -> seen.set(p));
        int sum = 0;
        for (int p = seen.nextSetBit(0); p >= 0; p = seen.nextSetBit(p + 1)) sum += learnedWeight[p];
        return Math.floorDiv(sum, rules.learned().scale());
    }

    public FraudRules rules() { return rules; }

    /** How many words the automaton holds. */
    public int patterns() { return automaton.size(); }

    public FraudVerdict check(String message) {
        FraudText text = FraudText.read(message, rules.shorteners());
        BitSet seen = new BitSet(words.length);
        automaton.scan(text.normalized(), (p, end) -> seen.set(p));
        int[] famScore = new int[rules.families().size()];
        boolean[] signal = new boolean[signalIds.length];
        int warning = 0;
        for (int p = seen.nextSetBit(0); p >= 0; p = seen.nextSetBit(p + 1)) {
            switch (kind[p]) {
                case FAMILY -> famScore[owner[p]] += weight[p];
                case SIGNAL -> signal[owner[p]] = true;
                default -> warning += weight[p];
            }
        }
        int best = -1;
        for (int f = 0; f < famScore.length; f++) if (famScore[f] > 0 && (best < 0 || famScore[f] > famScore[best])) best = f;
        int signals = 0;
        for (int s = 0; s < signal.length; s++) if (signal[s]) signals += signalWeights[s];
        List<String> hosts = new ArrayList<>();
        int linkWeight = 0;
        for (FraudText.Link l : text.links()) {
            if (trusted(l.host())) continue;
            hosts.add(l.host());
            int w = switch (l.kind()) {
                case IP -> rules.structure().getOrDefault("ip_link", 0);
                case SHORT -> rules.structure().getOrDefault("short_link", 0);
                case LINK -> rules.structure().getOrDefault("link", 0);
            };
            linkWeight = Math.max(linkWeight, w);
        }
        int shape = linkWeight;
        if (!text.mobiles().isEmpty()) shape += rules.structure().getOrDefault("mobile", 0);
        if (!text.qqs().isEmpty()) shape += rules.structure().getOrDefault("qq", 0);
        if (text.money()) shape += rules.structure().getOrDefault("money", 0);
        int familyScore = best < 0 ? 0 : famScore[best];
        int learnt = learnedPoints(text.normalized());
        int score = familyScore + signals + shape + learnt - warning;
        // a warning: many warning words, or warning words outweighing the scam's; a notice that merely mentions 民警
        // or 派出所 without any scam words is not a warning, just a message
        boolean isWarning = warning >= rules.warningVeto() || (familyScore + signals > 0 && warning >= familyScore + signals);
        // learned similarity stands in for a family's words together with something beyond words (a link, a number,
        // money, a transfer or contact handoff); with nothing else it must be far stronger, or residents' own
        // requests — which share the words of scripted talk — would be taken for scams
        boolean evidence = familyScore >= rules.familyMin()
                || learnt >= (signals + shape > 0 ? rules.learned().alone() : rules.learned().bare());
        boolean flagged = !isWarning && evidence && score >= rules.threshold();
        if (!flagged && best < 0 && !isWarning) {
            return new FraudVerdict(false, null, score, false, List.of(), hosts, text.numbers(), false, false);
        }
        String family = best >= 0 ? rules.families().get(best).id() : OTHER;
        List<String> why = why(seen, best, signal, text, hosts);
        if (learnt > 0) why.add("话术相似度 " + learnt);
        return new FraudVerdict(flagged, family, score, isWarning, why, hosts, text.numbers(), false,
                familyScore < rules.familyMin());
    }

    private boolean trusted(String host) {
        for (String t : rules.trustedHosts()) if (host.equals(t) || host.endsWith("." + t)) return true;
        return false;
    }

    private List<String> why(BitSet seen, int best, boolean[] signal, FraudText text, List<String> hosts) {
        Set<String> out = new LinkedHashSet<>();
        for (int p = seen.nextSetBit(0); p >= 0; p = seen.nextSetBit(p + 1)) {
            if (kind[p] == FAMILY && owner[p] == best) out.add(words[p]);
        }
        for (int s = 0; s < signal.length; s++) if (signal[s]) out.add("信号:" + signalIds[s]);
        if (!hosts.isEmpty()) out.add("链接");
        if (!text.mobiles().isEmpty()) out.add("手机号");
        if (!text.qqs().isEmpty()) out.add("QQ号");
        if (text.money()) out.add("金额");
        return new ArrayList<>(out);
    }
}
