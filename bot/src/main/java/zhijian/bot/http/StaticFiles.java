package zhijian.bot.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The few pages the gateway serves, from the jar's {@code /web/} folder. Only the names listed here are served,
 * so no path can reach anything else.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private StaticFiles() {}

    public static Route file(String name) {
        byte[] body = read(name);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        Reply reply = new Reply(200, TYPES.getOrDefault(ext, "application/octet-stream"), body,
                Map.of("Cache-Control", "no-cache"));
        return req -> reply;
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw new IllegalStateException("missing web resource /web/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
