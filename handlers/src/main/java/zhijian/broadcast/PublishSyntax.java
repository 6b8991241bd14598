package zhijian.broadcast;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a publication as officers type it: {@code 发布【反诈预警】全乡：内容}. The category goes in 【】 (or []),
 * the scope runs up to the first colon, the body follows it.
 */
public final class PublishSyntax {
    public static final String USAGE = "发布的格式：发布【类别】范围：内容，例如「发布【反诈预警】全乡：近期有人冒充……」。";

    private static final Pattern PUBLISH = Pattern.compile(
            "^发布\\s*[【\\[［]\\s*([^】\\]］]+?)\\s*[】\\]］]\\s*([^：:]*?)\\s*[：:]\\s*(.*)$", Pattern.DOTALL);

    private PublishSyntax() {}

    /** The three parts, or {@code error} saying what is missing. */
    public record Parsed(String category, String scope, String body, String error) {}

    /** Whether the text is meant as a publication at all (starts with 发布【 or 发布[). */
    public static boolean looksLikePublish(String text) {
        return text != null && text.strip().matches("(?s)^发布\\s*[【\\[［].*");
    }

    public static Parsed parse(String text) {
        Matcher m = PUBLISH.matcher(text == null ? "" : text.strip());
        if (!m.matches()) return new Parsed(null, null, null, "没有看懂这条发布。" + USAGE);
        String body = m.group(3).strip();
        if (m.group(2).isBlank()) return new Parsed(null, null, null, "请写明发布范围。" + USAGE);
        if (body.isEmpty()) return new Parsed(null, null, null, "发布的内容是空的。" + USAGE);
        return new Parsed(m.group(1).strip(), m.group(2).strip(), body, null);
    }
}
