package zhijian.fraud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the detector knows ({@code seeds/fraud.yaml}, plus patterns added at run time): the scam families with their
 * weighted words and advice, the signals (transfer, verification code, contact hand-off, urgency, secrecy) and the
 * weights of what the text's shape shows (links, numbers, money), the words of an anti-fraud warning (subtracted),
 * and the two bars a message must clear.
 *
 * @param threshold  the total a message must reach to be flagged
 * @param familyMin  what its best family's own words must reach (signals alone never flag)
 * @param warningVeto warning words adding up to this make it a warning, whatever else it says
 * @param structure  weights of link, short_link, ip_link, mobile, qq, money
 * @param trustedHosts links to these hosts (and their subdomains) do not count as links
 * @param learned    the learned n-gram weights ({@link Ngrams}) and how they count
 */
public record FraudRules(List<Family> families, Map<String, Signal> signals, Map<String, Integer> structure,
                         Map<String, Integer> warnings, Set<String> shorteners, Set<String> trustedHosts,
                         int threshold, int familyMin, int warningVeto, Learned learned) {
    public FraudRules {
        families = List.copyOf(families);
        signals = Map.copyOf(signals);
        structure = Map.copyOf(structure);
        warnings = Map.copyOf(warnings);
        shorteners = Set.copyOf(shorteners);
        trustedHosts = Set.copyOf(trustedHosts);
    }

    /** A scam script: its words (weighted) and what residents should be told. */
    public record Family(String id, String name, String advice, Map<String, Integer> terms) {
        public Family {
            terms = Map.copyOf(terms);
        }
    }

    /**
     * The learned n-grams: gram → weight in hundredths of log-odds; {@code scale} hundredths make one point of the
     * score; a message whose learned points reach {@code alone} may be flagged without any family word.
     */
    public record Learned(Map<String, Integer> weights, int scale, int alone, int bare) {
        public static final Learned NONE = new Learned(Map.of(), 1, Integer.MAX_VALUE, Integer.MAX_VALUE);

        public Learned {
            weights = Map.copyOf(weights);
            if (scale < 1) throw new IllegalArgumentException("scale must be ≥ 1");
        }
    }

    /** A kind of signal (转账, 验证码 …): counted once, whichever of its words appear. */
    public record Signal(String id, int weight, List<String> terms) {
        public Signal {
            terms = List.copyOf(terms);
        }
    }

    public Family family(String id) {
        for (Family f : families) if (f.id().equals(id)) return f;
        throw new IllegalArgumentException("no fraud family " + id);
    }

    /** These rules with more words for some families (added at run time by officers), weights taken as given. */
    public FraudRules withExtraTerms(Map<String, Map<String, Integer>> extra) {
        if (extra.isEmpty()) return this;
        List<Family> fs = new ArrayList<>();
        for (Family f : families) {
            Map<String, Integer> more = extra.get(f.id());
            if (more == null || more.isEmpty()) {
                fs.add(f);
                continue;
            }
            Map<String, Integer> terms = new LinkedHashMap<>(f.terms());
            more.forEach((t, w) -> terms.put(FraudText.normalize(t), w));
            fs.add(new Family(f.id(), f.name(), f.advice(), terms));
        }
        return new FraudRules(fs, signals, structure, warnings, shorteners, trustedHosts, threshold, familyMin, warningVeto,
                learned);
    }
}
