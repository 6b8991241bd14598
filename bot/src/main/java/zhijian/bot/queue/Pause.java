package zhijian.bot.queue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The wait between two rounds of a periodic job: in short steps, so stopping the job never waits a whole period. */
public final class Pause {
    private static final long STEP_MS = 200;

    private Pause() {}

    /** Waits {@code period} or until {@code running} turns false; false when the thread was interrupted. */
    public static boolean between(Duration period, BooleanSupplier running) {
        long until = System.currentTimeMillis() + period.toMillis();
        while (running.getAsBoolean() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(STEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
