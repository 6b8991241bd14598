package zhijian.fraud;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector as one deployment runs it: the rules' verdict, then what officers decided — a confirmed scam's
 * sender flags a message whatever its words, its link or number any message but a warning; a false alarm's text or
 * sender is let through.
 */
public record FraudModel(FraudDetector detector, FraudLists lists) {
    /**
     * @param sender the sender's id, or null when unknown (a message pasted to ask 这是诈骗吗)
     */
    public FraudVerdict check(String text, String sender) {
        FraudVerdict v = detector.check(text);
        List<String> hits = new ArrayList<>();
        String family = null;
        if (sender != null && lists.blockedSenders().containsKey(sender)) {
            family = lists.blockedSenders().get(sender);
            hits.add("已确认的诈骗发送人");
        }
        // a warning that names a confirmed scam's link or number ("警方提醒：17688812345 是骗子") is still a warning;
        // only the confirmed sender is flagged whatever they write
        for (String link : v.warning() ? List.<String>of() : v.links()) {
            String f = lists.blockedLinks().get(link);
            if (f != null) {
                family = family == null ? f : family;
                hits.add("已确认的诈骗链接");
            }
        }
        for (String number : v.warning() ? List.<String>of() : v.numbers()) {
            String f = lists.blockedNumbers().get(number);
            if (f != null) {
                family = family == null ? f : family;
                hits.add("已确认的诈骗号码");
            }
        }
        if (family != null) {
            List<String> why = new ArrayList<>(hits);
            why.addAll(v.why());
            return new FraudVerdict(true, family, v.score(), false, why, v.links(), v.numbers(), true, false);
        }
        if (!v.flagged()) return v;
        if ((sender != null && lists.allowedSenders().contains(sender))
                || lists.allowedTexts().contains(FraudLists.fingerprint(text))) {
            return new FraudVerdict(false, v.family(), v.score(), v.warning(), v.why(), v.links(), v.numbers(), false, v.learnedOnly());
        }
        return v;
    }
}
