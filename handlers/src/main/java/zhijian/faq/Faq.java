package zhijian.faq;

import zhijian.intent.Term;
import zhijian.intent.TextNormalizer;

import java.util.List;
import java.util.Optional;

/** Finds the answer to a resident's question. */
public final class Faq {
    private final List<FaqEntry> entries;

    public Faq(List<FaqEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<FaqEntry> entries() { return entries; }

    public Optional<FaqEntry> entry(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * The most specific entry whose required terms all match, or empty. Specific means more matched text:
     * 「临时身份证」 says more than 「身份证」, 「身份证」 and 「丢」 more than 「身份证」 alone.
     */
    public Optional<FaqEntry> answer(String rawText) {
        String text = TextNormalizer.normalize(rawText);
        FaqEntry best = null;
        int bestScore = -1;
        for (FaqEntry e : entries) {
            int score = 0;
            boolean all = true;
            for (Term t : e.match()) {
                String hit = t.match(text);
                if (hit == null) {
                    all = false;
                    break;
                }
                score += t.weight() * hit.length();
            }
            if (!all) continue;
            for (Term t : e.boost()) {
                String hit = t.match(text);
                if (hit != null) score += t.weight() * hit.length();
            }
            if (score > bestScore) {
                best = e;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }
}
