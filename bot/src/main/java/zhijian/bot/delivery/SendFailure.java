package zhijian.bot.delivery;

import java.time.Duration;

/**
 * A send that did not go through. {@code retryable}: try again later (busy, rate limited, network, a channel that
 * is down); otherwise it never will (the robot was removed from the group, the 48-hour window closed …).
 * {@code unreachable}: the target cannot be reached right now (the ledger says so rather than "failed").
 */
public final class SendFailure extends Exception {
    private final boolean retryable;
    private final boolean unreachable;
    private final String code;
    private final Duration retryAfter;

    private SendFailure(String code, String reason, boolean retryable, boolean unreachable, Duration retryAfter, Throwable cause) {
        super(reason, cause);
        this.code = code;
        this.retryable = retryable;
        this.unreachable = unreachable;
        this.retryAfter = retryAfter;
    }

    public static SendFailure retry(String code, String reason) {
        return new SendFailure(code, reason, true, false, null, null);
    }

    public static SendFailure retry(String code, String reason, Throwable cause) {
        return new SendFailure(code, reason, true, false, null, cause);
    }

    /** Cannot be reached now; try again no sooner than {@code after}. */
    public static SendFailure unreachable(String code, String reason, Duration after) {
        return new SendFailure(code, reason, true, true, after, null);
    }

    public static SendFailure permanent(String code, String reason) {
        return new SendFailure(code, reason, false, false, null, null);
    }

    public boolean retryable() { return retryable; }
    public boolean unreachable() { return unreachable; }
    public String code() { return code; }
    public Duration retryAfter() { return retryAfter; }
}
