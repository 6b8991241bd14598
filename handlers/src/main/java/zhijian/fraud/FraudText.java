package zhijian.fraud;

import java.util.ArrayList;
import java.util.List;

/**
 * The text as the detector reads it, and what it carries besides words: links, phone and QQ numbers, money.
 *
 * <p>Normalising is cheap on purpose (no {@link java.text.Normalizer}): full-width ASCII becomes half-width, letters
 * lower case, runs of white space one space. The placeholders of anonymised data sets are read as what they stand
 * for — {@code URL} as a link, {@code CELLPHONE} as a mobile number, {@code DIGIT} as a number — so a message with a
 * real link and one with the placeholder are treated alike.
 */
public final class FraudText {
    /** A link's kind: any, a known link shortener, a bare IP address. */
    public enum LinkKind { LINK, SHORT, IP }

    public record Link(String text, String host, LinkKind kind) {}

    private static final String[] TLDS = {"com", "cn", "net", "org", "top", "xyz", "vip", "cc", "me", "io", "co", "info",
            "shop", "club", "site", "online", "tk", "ml", "ga", "gq", "cf", "win", "bid", "ltd", "work", "link", "app",
            "hk", "tw", "live", "fun", "icu", "wang", "ren", "asia", "biz", "pro", "cloud", "store", "tech", "ink"};

    private final String normalized;
    private final List<Link> links = new ArrayList<>();
    private final List<String> mobiles = new ArrayList<>();
    private final List<String> qqs = new ArrayList<>();
    private final List<String> numbers = new ArrayList<>();
    private boolean money;

    private FraudText(String normalized) {
        this.normalized = normalized;
    }

    /** Reads a message. {@code shorteners}: hosts of link shorteners (t.cn, dwz.cn …). */
    public static FraudText read(String raw, java.util.Set<String> shorteners) {
        FraudText t = new FraudText(normalize(raw));
        t.scan(shorteners);
        return t;
    }

    public static String normalize(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') c = (char) (c - 0xFEE0);      // full-width ASCII
            if (c == '\u3000' || Character.isWhitespace(c)) {
                space = b.length() > 0;
                continue;
            }
            if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
            if (space) {
                b.append(' ');
                space = false;
            }
            b.append(c);
        }
        return b.toString();
    }

    public String normalized() { return normalized; }
    public List<Link> links() { return links; }
    public List<String> mobiles() { return mobiles; }
    public List<String> qqs() { return qqs; }

    /** Every phone and QQ number in it (for block lists). */
    public List<String> numbers() { return numbers; }

    public boolean money() { return money; }

    /** A character that can be part of a link, a number or a placeholder (over normalised, lower-case text). */
    static boolean urlChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == ':' || c == '-'
                || c == '_' || c == '?' || c == '=' || c == '&' || c == '%' || c == '#' || c == '~' || c == '+' || c == '@';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private void scan(java.util.Set<String> shorteners) {
        String s = normalized;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!urlChar(c)) {
                if (c == '¥' || c == '￥') money = true;
                i++;
                continue;
            }
            int start = i;
            while (i < n && urlChar(s.charAt(i))) i++;
            token(s.substring(start, i), s, start, i, shorteners);
        }
    }

    /** One run of URL-ish characters: a link, a number, a placeholder, or a plain word. */
    private void token(String tok, String s, int start, int end, java.util.Set<String> shorteners) {
        if (tok.equals("url")) {
            links.add(new Link("url", "url", LinkKind.LINK));
            return;
        }
        if (tok.contains("cellphone")) {
            mobiles.add("cellphone");
            return;
        }
        Link link = link(tok, shorteners);
        if (link != null) {
            links.add(link);
            return;
        }
        // digit runs inside the token: phones, QQ numbers, amounts
        int i = 0;
        while (i < tok.length()) {
            if (!digit(tok.charAt(i)) && !tok.startsWith("digit", i)) {
                i++;
                continue;
            }
            int from = i;
            boolean placeholder = tok.startsWith("digit", i);
            if (placeholder) i += 5;
            else while (i < tok.length() && (digit(tok.charAt(i)) || tok.charAt(i) == '-')) i++;
            String num = tok.substring(from, i).replace("-", "");
            int after = start + i;
            char next = after < s.length() ? s.charAt(after) : ' ';
            if (next == '元' || next == '万' || next == '块' || next == '千' || next == '亿' || next == '%') money = true;
            if (placeholder) continue;
            String before = s.substring(Math.max(0, start + from - 4), start + from);
            if (before.contains("qq") || before.endsWith("q") || before.contains("扣扣")) {
                if (num.length() >= 5 && num.length() <= 11) {
                    qqs.add(num);
                    numbers.add(num);
                }
            } else if (num.length() == 11 && num.charAt(0) == '1' && num.charAt(1) >= '3') {
                mobiles.add(num);
                numbers.add(num);
            } else if (num.length() >= 10 && num.length() <= 12 && (num.startsWith("0") || num.startsWith("400")
                    || num.startsWith("800"))) {
                numbers.add(num);
            }
        }
    }

    /** A link, if the token is one: a scheme, www., an IP address, or a host ending in a known top-level domain. */
    static Link link(String tok, java.util.Set<String> shorteners) {
        String t = tok;
        boolean scheme = false;
        if (t.startsWith("https://")) {
            t = t.substring(8);
            scheme = true;
        } else if (t.startsWith("http://")) {
            t = t.substring(7);
            scheme = true;
        }
        int slash = indexOfAny(t, "/?#");
        String host = slash < 0 ? t : t.substring(0, slash);
        int colon = host.indexOf(':');
        if (colon >= 0) host = host.substring(0, colon);
        while (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty()) return null;
        if (isIp(host)) return new Link(tok, host, LinkKind.IP);
        int dot = host.lastIndexOf('.');
        if (dot <= 0) return null;
        String tld = host.substring(dot + 1);
        boolean known = false;
        for (String k : TLDS) {
            if (k.equals(tld)) {
                known = true;
                break;
            }
        }
        if (!known && !scheme && !host.startsWith("www.")) return null;
        if (!host.matches("[a-z0-9.-]+")) return null;
        if (host.startsWith("www.")) host = host.substring(4);
        return new Link(tok, host, shorteners.contains(host) ? LinkKind.SHORT : LinkKind.LINK);
    }

    private static boolean isIp(String host) {
        String[] p = host.split("\\.");
        if (p.length != 4) return false;
        for (String x : p) {
            if (x.isEmpty() || x.length() > 3) return false;
            for (int i = 0; i < x.length(); i++) if (!digit(x.charAt(i))) return false;
        }
        return true;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }
}
