package zhijian.fraud;

import java.util.Map;
import java.util.Set;

/**
 * What officers' verdicts taught the deployment: links, numbers and senders of confirmed scams (caught again however a
 * message is reworded), and messages and senders that were false alarms (never flagged again). Kept in Redis; every
 * instance reads the same.
 *
 * @param blockedLinks   link host → the scam family it was confirmed as
 * @param blockedNumbers phone or QQ number → family
 * @param blockedSenders sender id → family
 * @param allowedTexts   fingerprints ({@link #fingerprint}) of messages that were false alarms
 * @param allowedSenders senders whose messages were false alarms
 */
public record FraudLists(Map<String, String> blockedLinks, Map<String, String> blockedNumbers,
                         Map<String, String> blockedSenders, Set<String> allowedTexts, Set<String> allowedSenders) {
    public static final FraudLists EMPTY = new FraudLists(Map.of(), Map.of(), Map.of(), Set.of(), Set.of());

    public FraudLists {
        blockedLinks = Map.copyOf(blockedLinks);
        blockedNumbers = Map.copyOf(blockedNumbers);
        blockedSenders = Map.copyOf(blockedSenders);
        allowedTexts = Set.copyOf(allowedTexts);
        allowedSenders = Set.copyOf(allowedSenders);
    }

    /** The same message, whatever its spacing, width or punctuation: 16 hex chars of SHA-256 over its letters. */
    public static String fingerprint(String text) {
        String n = FraudText.normalize(text);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isLetterOrDigit(c)) b.append(c);
        }
        return zhijian.text.Hashes.sha256Hex(b.toString(), 8);
    }
}
