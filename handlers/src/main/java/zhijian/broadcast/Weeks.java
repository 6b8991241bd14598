package zhijian.broadcast;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** ISO weeks as the station's figures name them: 2026-W47 (Monday to Sunday, local time). */
public final class Weeks {
    private Weeks() {}

    public static String of(Instant at, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        return String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
