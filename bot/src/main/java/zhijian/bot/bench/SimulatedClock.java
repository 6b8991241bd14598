package zhijian.bot.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the benchmark moves to the next moment something is due, so hours of channel pace take seconds. */
final class SimulatedClock extends Clock {
    private volatile long millis;

    SimulatedClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    void jumpTo(long ms) {
        if (ms > millis) millis = ms;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
