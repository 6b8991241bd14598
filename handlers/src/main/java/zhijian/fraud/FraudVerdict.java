package zhijian.fraud;

import java.util.List;

/**
 * What the detector made of a message.
 *
 * @param flagged  whether it is taken for a scam
 * @param family   the scam family it reads as (the best one, or the one its blocked link/number/sender was confirmed
 *                 as), or null
 * @param score    the total: the family's words, the signals and the shape, less the warning words
 * @param warning  it reads as an anti-fraud warning (its warning words outweigh the rest)
 * @param why      short reasons for the officer: the words and signals that counted, or the block-list entry
 * @param links    the links in it (hosts), for a block list
 * @param numbers  the phone and QQ numbers in it, for a block list
 * @param blocked  flagged because officers confirmed its sender, link or number as a scam's
 * @param learnedOnly the evidence is the learned similarity: no family's words reached {@code family_min}
 */
public record FraudVerdict(boolean flagged, String family, int score, boolean warning, List<String> why,
                           List<String> links, List<String> numbers, boolean blocked, boolean learnedOnly) {
    public FraudVerdict {
        why = List.copyOf(why);
        links = List.copyOf(links);
        numbers = List.copyOf(numbers);
    }

    public static final FraudVerdict CLEAN = new FraudVerdict(false, null, 0, false, List.of(), List.of(), List.of(), false, false);

    /**
     * Flagged on the learned similarity: too few of a family's words to count, no signal the officers confirmed. The weakest
     * evidence the detector acts on — a resident's clear request outweighs it.
     */
    public boolean bySimilarityOnly() {
        return flagged && !blocked && learnedOnly;
    }
}
