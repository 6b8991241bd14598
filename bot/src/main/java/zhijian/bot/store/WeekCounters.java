package zhijian.bot.store;

import redis.clients.jedis.UnifiedJedis;

import java.util.LinkedHashMap;
import java.util.Map;

/** A week's counters kept in one hash with fields {@code what:whose} (e.g. {@code count:antifraud}, {@code alerts:zhangda}). */
final class WeekCounters {
    private WeekCounters() {}

    /** whose → what → count. */
    static Map<String, Map<String, Long>> read(UnifiedJedis redis, String key) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        redis.hgetAll(key).forEach((field, value) -> {
            int colon = field.indexOf(':');
            if (colon < 0) return;
            out.computeIfAbsent(field.substring(colon + 1), k -> new LinkedHashMap<>())
                    .put(field.substring(0, colon), Long.parseLong(value));
        });
        return out;
    }
}
