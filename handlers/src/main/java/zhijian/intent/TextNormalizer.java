package zhijian.intent;

import java.text.Normalizer;

/** Makes text comparable: full-width letters and digits to half-width, lower case, no spaces. */
public final class TextNormalizer {
    private TextNormalizer() {}

    public static String normalize(String s) {
        if (s == null) return "";
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!Character.isWhitespace(c) && c != '\u3000') b.append(c);
        }
        return b.toString();
    }
}
