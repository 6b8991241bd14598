package zhijian.appointment;

import zhijian.intent.TextNormalizer;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the day and time out of how people ask for an appointment:
 * 今天/明天/后天/大后天, 周三/星期五/礼拜一, 下周二, 11月25日/25号/11-25, 上午/下午, 10点/10点半/10:30/十点.
 */
public final class WhenParser {
    private static final String CN_DIGITS = "零一二三四五六七八九十";
    private static final Pattern WEEKDAY = Pattern.compile("(下个?|这个?|本)?(周|星期|礼拜)([一二三四五六日天1-7])");
    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{1,2}|[一二三四五六七八九十]{1,3})月(\\d{1,2}|[一二三四五六七八九十]{1,3})[日号]?");
    private static final Pattern DASH_DATE = Pattern.compile("(?<![\\d:])(\\d{1,2})[-/.](\\d{1,2})(?![\\d:])");
    private static final Pattern DAY_ONLY = Pattern.compile("(?<![\\d月])(\\d{1,2}|[一二三四五六七八九十]{1,3})[日号]");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2})[:：](\\d{2})");
    private static final Pattern HOUR = Pattern.compile("(\\d{1,2}|[一二两三四五六七八九十]{1,3})点(半|(\\d{1,2})分?)?");

    private WhenParser() {}

    public static When parse(String raw, LocalDate today) {
        String text = TextNormalizer.normalize(raw);
        LocalDate date = date(text, today);
        LocalTime time = time(text);
        When.Period period = When.Period.ANY;
        if (text.contains("上午") || text.contains("早上") || text.contains("明早") || text.contains("早晨")) {
            period = When.Period.MORNING;
        } else if (text.contains("下午") || text.contains("午后") || text.contains("傍晚")) {
            period = When.Period.AFTERNOON;
        }
        if (time != null && period == When.Period.AFTERNOON && time.getHour() < 12) time = time.plusHours(12);
        if (time != null && period == When.Period.ANY && time.getHour() >= 1 && time.getHour() <= 6) {
            time = time.plusHours(12);   // "3点" at a station window means 15:00
        }
        return new When(date, period, time);
    }

    private static LocalDate date(String text, LocalDate today) {
        if (text.contains("大后天")) return today.plusDays(3);
        if (text.contains("后天")) return today.plusDays(2);
        if (text.contains("明天") || text.contains("明日") || text.contains("明早")) return today.plusDays(1);
        if (text.contains("今天") || text.contains("今日")) return today;
        Matcher m = WEEKDAY.matcher(text);
        if (m.find()) {
            DayOfWeek dow = DayOfWeek.of(weekdayNumber(m.group(3)));
            boolean next = m.group(1) != null && m.group(1).startsWith("下");
            if (next) {
                return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(1)
                        .with(TemporalAdjusters.nextOrSame(dow));
            }
            return today.with(TemporalAdjusters.nextOrSame(dow));
        }
        m = MONTH_DAY.matcher(text);
        if (m.find()) return monthDay(number(m.group(1)), number(m.group(2)), today);
        m = DASH_DATE.matcher(text);
        if (m.find()) return monthDay(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), today);
        m = DAY_ONLY.matcher(text);
        if (m.find()) {
            int day = number(m.group(1));
            LocalDate d = safeDate(today.getYear(), today.getMonthValue(), day);
            if (d != null && d.isBefore(today)) d = safeDate(today.plusMonths(1).getYear(), today.plusMonths(1).getMonthValue(), day);
            return d;
        }
        return null;
    }

    private static LocalDate monthDay(int month, int day, LocalDate today) {
        LocalDate d = safeDate(today.getYear(), month, day);
        if (d != null && d.isBefore(today)) d = safeDate(today.getYear() + 1, month, day);
        return d;
    }

    private static LocalDate safeDate(int y, int m, int d) {
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalTime time(String text) {
        Matcher m = CLOCK.matcher(text);
        if (m.find()) return safeTime(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        m = HOUR.matcher(text);
        if (m.find()) {
            int h = number(m.group(1));
            int min = 0;
            if ("半".equals(m.group(2))) min = 30;
            else if (m.group(3) != null) min = Integer.parseInt(m.group(3));
            return safeTime(h, min);
        }
        return null;
    }

    private static LocalTime safeTime(int h, int m) {
        return h >= 0 && h < 24 && m >= 0 && m < 60 ? LocalTime.of(h, m) : null;
    }

    private static int weekdayNumber(String s) {
        return switch (s) {
            case "一", "1" -> 1;
            case "二", "2" -> 2;
            case "三", "3" -> 3;
            case "四", "4" -> 4;
            case "五", "5" -> 5;
            case "六", "6" -> 6;
            default -> 7;
        };
    }

    /** 12, 十二, 二十五, 两 → numbers. */
    static int number(String s) {
        if (s.chars().allMatch(Character::isDigit)) return Integer.parseInt(s);
        s = s.replace('两', '二');
        int ten = s.indexOf('十');
        if (ten < 0) return CN_DIGITS.indexOf(s.charAt(0));
        int tens = ten == 0 ? 1 : CN_DIGITS.indexOf(s.charAt(0));
        int ones = ten == s.length() - 1 ? 0 : CN_DIGITS.indexOf(s.charAt(ten + 1));
        return tens * 10 + ones;
    }
}
