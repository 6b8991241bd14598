package zhijian.intent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One lexicon entry. Written in the seed file as
 * <ul>
 *   <li>{@code 救命} — the text contains it;</li>
 *   <li>{@code 身份证|户口} — it contains any of them;</li>
 *   <li>{@code 身份证|户口+怎么|带什么} — it contains one of each group;</li>
 *   <li>{@code re:(孩子|学生).{0,8}不见了} — a regular expression.</li>
 * </ul>
 */
public final class Term {
    private final String source;
    private final int weight;
    private final List<List<String>> groups;   // AND of ORs
    private final Pattern regex;

    private Term(String source, int weight, List<List<String>> groups, Pattern regex) {
        this.source = source;
        this.weight = weight;
        this.groups = groups;
        this.regex = regex;
    }

    /** Parses a term; throws IllegalArgumentException with the reason when it cannot be used. */
    public static Term parse(String source, int weight) {
        if (source.startsWith("re:")) {
            String re = source.substring(3);
            if (re.isEmpty()) throw new IllegalArgumentException("empty regular expression");
            try {
                return new Term(source, weight, List.of(), Pattern.compile(re));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression: " + e.getDescription());
            }
        }
        List<List<String>> groups = new java.util.ArrayList<>();
        for (String group : source.split("\\+", -1)) {
            List<String> alternatives = new java.util.ArrayList<>();
            for (String alt : group.split("\\|", -1)) {
                String a = TextNormalizer.normalize(alt.strip());
                if (a.isEmpty()) throw new IllegalArgumentException("empty word in '" + source + "'");
                alternatives.add(a);
            }
            groups.add(List.copyOf(alternatives));
        }
        return new Term(source, weight, List.copyOf(groups), null);
    }

    /** The first piece of text that matched, or null when the term does not match the (normalized) text. */
    public String match(String text) {
        if (regex != null) {
            var m = regex.matcher(text);
            return m.find() ? m.group() : null;
        }
        String first = null;
        for (List<String> group : groups) {
            String hit = null;
            for (String alt : group) {
                if (text.contains(alt)) {
                    hit = alt;
                    break;
                }
            }
            if (hit == null) return null;
            if (first == null) first = hit;
        }
        return first;
    }

    public String source() { return source; }
    public int weight() { return weight; }
}
