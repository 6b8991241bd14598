package zhijian.bot.http;

/** A request the gateway refuses: the status, a stable error code, and a sentence saying what was wrong. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }

    public static ApiException badRequest(String code, String message) { return new ApiException(400, code, message); }
    public static ApiException notFound(String code, String message) { return new ApiException(404, code, message); }
}
