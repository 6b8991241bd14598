package zhijian.text;

import java.time.Duration;

/** Durations as people say them: 3分钟, 2小时, 1天2小时. */
public final class Durations {
    private Durations() {}

    public static String chinese(Duration d) {
        long s = d.getSeconds();
        if (s < 60) return s + "秒";
        long days = s / 86400, hours = (s % 86400) / 3600, minutes = (s % 3600) / 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) b.append(days).append("天");
        if (hours > 0) b.append(hours).append("小时");
        if (minutes > 0 && days == 0) b.append(minutes).append("分钟");
        return b.toString();
    }
}
