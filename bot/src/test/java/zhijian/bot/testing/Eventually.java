package zhijian.bot.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something the workers do in the background, polling; fails with the last value seen. */
public final class Eventually {
    private Eventually() {}

    public static <T> T eventually(Duration timeout, Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = value.get();
            if (done.test(last)) return last;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
    }

    public static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        return eventually(Duration.ofSeconds(15), value, done, what);
    }
}
