package zhijian.bot.http;

import java.util.Map;

/**
 * A request the gateway refuses: the status, a stable error code, a sentence saying what was wrong, and any headers
 * the answer needs (Retry-After).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() { return status; }
    public String code() { return code; }
    public Map<String, String> headers() { return headers; }

    /** The answer this refusal becomes. */
    public Reply reply() {
        Reply r = Reply.error(status, code, getMessage());
        return headers.isEmpty() ? r : new Reply(r.status(), r.contentType(), r.body(), headers);
    }

    public static ApiException badRequest(String code, String message) { return new ApiException(400, code, message); }
    public static ApiException notFound(String code, String message) { return new ApiException(404, code, message); }
}
