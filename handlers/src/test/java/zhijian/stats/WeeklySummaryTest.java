package zhijian.stats;

import org.junit.jupiter.api.Test;
import zhijian.broadcast.PublishingFigures;
import zhijian.fraud.FraudFigures;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;
import zhijian.testing.RealSeeds;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketState;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeeklySummaryTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final WeeklySummary.Schedule MONDAY_8 = WeeklySummary.Schedule.parse("MON 08:00");

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZONE).toInstant();
    }

    private static Optional<String> due(String localTime) {
        return WeeklySummary.dueAt(local(localTime), ZONE, MONDAY_8).map(CalendarWeek::id);
    }

    @Test
    void theSchedule_readsADayAndATime_andNamesABadValue() {
        assertEquals(new WeeklySummary.Schedule(DayOfWeek.MONDAY, LocalTime.of(8, 0)), MONDAY_8);
        assertEquals(new WeeklySummary.Schedule(DayOfWeek.FRIDAY, LocalTime.of(17, 30)), WeeklySummary.Schedule.parse("fri 17:30"));
        for (String bad : new String[]{"MONDAY 08:00", "MON", "MON 8", "MON 25:00", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeeklySummary.Schedule.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void lastWeeksSummary_isDueFromMonday0800_notBefore_andNotDaysLater() {
        assertEquals(Optional.empty(), due("2026-11-22T23:00"), "Sunday night: the week is not over");
        assertEquals(Optional.empty(), due("2026-11-23T07:59"), "Monday before eight");
        assertEquals(Optional.of("2026-W47"), due("2026-11-23T08:00"));
        assertEquals(Optional.of("2026-W47"), due("2026-11-24T07:59"), "a gateway down on Monday morning still posts it");
        assertEquals(Optional.empty(), due("2026-11-24T08:00"), "a day late it is not posted any more");
        assertEquals(Optional.of("2026-W48"), due("2026-11-30T08:01"));
        assertEquals(Optional.of("2026-W53"), due("2027-01-04T09:00"), "2026 has 53 ISO weeks");
    }

    @Test
    void theSummary_goesToTheTier1Group_once_withTheHeadlineAndAShortLinePerVillage() {
        Matrix m = RealSeeds.get().matrix();
        CalendarWeek w47 = CalendarWeek.containing(local("2026-11-18T10:00"), ZONE);
        Instant mon = local("2026-11-16T09:00");
        List<Ticket> tickets = List.of(
                dispute("AZ-1", "zhangda", mon, Duration.ofMinutes(10), true),
                dispute("AZ-2", "zhangda", mon, Duration.ofMinutes(60), true),
                dispute("AZ-3", "zhangda", mon, null, false),
                dispute("AZ-4", "deji", mon, Duration.ofHours(3), true));
        WeekFigures f = WeekFigures.of(w47, WeekFigures.Scope.township(m), tickets,
                Map.of("zhangda", new FraudFigures(1, 0, 0, 0)), new PublishingFigures(2, 28, 27), local("2026-11-23T08:00"));

        List<OutboundMessage> out = WeeklySummary.messages(m, f);
        assertEquals(1, out.size(), "the demo matrix has one tier-1 group");
        OutboundMessage msg = out.get(0);
        assertEquals("g-tier1", msg.chat());
        assertEquals("weekly:2026-W47#1", msg.id(), "the id is the week's: made twice, it is the same message");
        assertEquals(OutboundMessage.Kind.NOTICE, msg.kind());
        String text = msg.text();
        assertTrue(text.startsWith("【上周简报】阿扎乡派出所 11月16日—11月22日（2026-W47）\n收集社情民意 4 条、解决 3 条。\n"), text);
        assertTrue(text.contains("响应率 50%，解决率 75%"), text);
        assertTrue(text.contains("首次答复：一半在 1小时 内，九成在 3小时 内"), text);
        assertTrue(text.contains("信息发布 2 次，送达 27 个群；反诈提醒 1 次"), text);
        assertTrue(text.contains("\n章达村：受理 3、解决 2、超期 0、响应率 66.7%、反诈提醒 1"), text);
        assertTrue(text.contains("\n德吉村：受理 1、解决 1、超期 0、响应率 0%"), text);
        assertTrue(text.contains("\n没有新工单：阿扎村、帕热村"), text);
        assertFalse(text.contains("未分网格"), "no row for tickets of no grid when there are none: " + text);
    }

    /** A dispute received at {@code at}, first answered after {@code answer} (or never), closed an hour later or not. */
    private static Ticket dispute(String id, String grid, Instant at, Duration answer, boolean close) {
        Instant first = answer == null ? null : at.plus(answer);
        Instant closed = close ? at.plus(answer).plus(Duration.ofHours(1)) : null;
        return new Ticket(id, "dispute", null, grid, "g-" + grid, "m-" + id, "r-x", "居民", "…", false, "*/dispute",
                List.of(), 0, "v-med", 1, close ? TicketState.FOLLOWED_UP : TicketState.DISPATCHED, Duration.ofHours(2),
                Duration.ofDays(7), at, at.plus(Duration.ofHours(2)), at.plus(Duration.ofDays(7)), first, first, closed,
                close ? "已办结" : null, null, List.of(), 0, 1);
    }
}
