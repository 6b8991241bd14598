package zhijian.bot.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text so that every part fits a channel's byte limit: at a line break where it can, never inside a
 * character; parts after the first are marked （续2/3）. A channel never sees a text it would reject for size.
 */
public final class TextParts {
    private static final int MARK = 24;   // room for "（续10/12）\n" in UTF-8

    private TextParts() {}

    public static List<String> split(String text, int maxBytes) {
        if (maxBytes <= 0 || bytes(text) <= maxBytes) return List.of(text);
        int budget = Math.max(16, maxBytes - MARK);
        List<String> raw = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = start, bytes = 0, lastBreak = -1;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + n > budget) break;
                bytes += n;
                end += Character.charCount(cp);
                if (cp == '\n') lastBreak = end;
            }
            if (end < text.length() && lastBreak > start + (end - start) / 2) end = lastBreak;
            raw.add(text.substring(start, end));
            start = end;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = raw.get(i).strip();
            out.add(i == 0 ? p : "（续" + (i + 1) + "/" + raw.size() + "）\n" + p);
        }
        return out;
    }

    public static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
