package zhijian.intent;

import java.util.List;
import java.util.Map;

/**
 * The classifier's verdict.
 *
 * @param intent  what the message asks for ({@link Intent#OTHER} when nothing does)
 * @param score   the winning score
 * @param clear   whether the score is high enough to act in a group without an @-mention
 * @param kind    a finer kind where the lexicon has one (an emergency's kind, or {@code clue} for a report)
 * @param matched the words that matched for the winning intent, for explanations and tests
 * @param scores  every intent's score
 */
public record Classification(Intent intent, int score, boolean clear, String kind, List<String> matched,
                             Map<Intent, Integer> scores) {
}
