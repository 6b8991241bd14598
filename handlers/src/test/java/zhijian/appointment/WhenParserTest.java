package zhijian.appointment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.LocalTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WhenParserTest {
    /** A Sunday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "预约明天上午办身份证          | 2026-11-23 | MORNING   | -",
            "后天下午3点可以吗             | 2026-11-24 | AFTERNOON | 15:00",
            "周三去办户口                  | 2026-11-25 | ANY       | -",
            "下周二上午十点                | 2026-11-24 | MORNING   | 10:00",
            "下周三                        | 2026-11-25 | ANY       | -",
            "星期五 10:30                  | 2026-11-27 | ANY       | 10:30",
            "11月25日上午                  | 2026-11-25 | MORNING   | -",
            "12月3号下午4点半              | 2026-12-03 | AFTERNOON | 16:30",
            "25号去                        | 2026-11-25 | ANY       | -",
            "10号去                        | 2026-12-10 | ANY       | -",
            "约个时间办居住证              | -          | ANY       | -",
            "3点去行吗                     | -          | ANY       | 15:00",
    })
    void reads(String text, LocalDate date, When.Period period, LocalTime time) {
        When w = WhenParser.parse(text, TODAY);
        assertEquals(date, w.date());
        assertEquals(period, w.period());
        assertEquals(time, w.time());
    }
}
