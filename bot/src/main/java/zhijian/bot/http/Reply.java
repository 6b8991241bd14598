package zhijian.bot.http;

import zhijian.bot.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response: status, content type and body. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static Reply json(int status, Object value) {
        return new Reply(status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Reply error(int status, String code, String message) {
        return json(status, Map.of("error", code, "message", message));
    }

    public static Reply redirect(String location) {
        return new Reply(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
