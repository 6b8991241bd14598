package zhijian.dispatch;

import zhijian.fraud.FraudVerdict;
import zhijian.intent.IntentClassifier;

/**
 * Whether the gateway warns a group about a resident's message: the detector flagged it, and it is not a resident
 * clearly asking for help that was flagged only for sounding like scripted talk (a dispute over unpaid freight shares
 * its words with 运费险 refund scams). One rule, used by the dispatcher and by {@code eval-fraud}, so the figures
 * measure what the groups see.
 */
public final class FraudScreen {
    private FraudScreen() {}

    public static boolean warns(FraudVerdict v, String text, IntentClassifier classifier) {
        if (!v.flagged()) return false;
        return !(v.bySimilarityOnly() && classifier.classify(text).clear());
    }
}
