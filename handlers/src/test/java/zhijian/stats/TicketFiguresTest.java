package zhijian.stats;

import org.junit.jupiter.api.Test;
import zhijian.broadcast.PublishingFigures;
import zhijian.fraud.FraudFigures;
import zhijian.matrix.Matrix;
import zhijian.testing.RealSeeds;
import zhijian.text.FiguresTexts;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketState;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The figures a station officer checks by hand, over tickets made up for the purpose. */
class TicketFiguresTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** 2026-W47: Monday 16 to Sunday 22 November 2026. */
    private static final CalendarWeek W47 = CalendarWeek.containing(local("2026-11-18T10:00"), ZONE);
    /** Monday 23 November, 08:00: when last week's summary is made. */
    private static final Instant MONDAY_MORNING = local("2026-11-23T08:00");

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZONE).toInstant();
    }

    private static int seq;

    /** A dispute in a grid: sign within 2 hours, finish within 7 days; open (派单) unless changed below. */
    private static Ticket ticket(String grid, Instant created) {
        seq++;
        return new Ticket("AZ-T-" + seq, "dispute", null, grid, "g-" + grid, "m" + seq, "r-" + seq, "居民" + seq, "…",
                false, "*/dispute", List.of(), 0, "v-med", 1, TicketState.DISPATCHED, Duration.ofHours(2),
                Duration.ofDays(7), created, created.plus(Duration.ofHours(2)), created.plus(Duration.ofDays(7)), null,
                null, null, null, null, List.of(), 0, 1);
    }

    private static Ticket answered(Ticket t, Duration after) {
        Instant at = t.createdAt().plus(after);
        return new Ticket(t.id(), t.category(), t.kind(), t.grid(), t.chat(), t.originMessage(), t.resident(),
                t.residentName(), t.text(), t.confidential(), t.route(), t.chain(), t.step(), t.assignee(), t.dispatchNo(),
                TicketState.IN_PROGRESS, t.signWithin(), t.finishWithin(), t.createdAt(), t.signDue(), t.finishDue(), at,
                at, null, null, null, t.missed(), t.escalations(), t.version() + 1);
    }

    private static Ticket closed(Ticket t, Instant at) {
        Instant first = t.firstResponseAt() != null ? t.firstResponseAt() : at;
        return new Ticket(t.id(), t.category(), t.kind(), t.grid(), t.chat(), t.originMessage(), t.resident(),
                t.residentName(), t.text(), t.confidential(), t.route(), t.chain(), t.step(), t.assignee(), t.dispatchNo(),
                TicketState.FOLLOWED_UP, t.signWithin(), t.finishWithin(), t.createdAt(), t.signDue(), t.finishDue(),
                first, first, at, "已办结", null, t.missed(), t.escalations(), t.version() + 1);
    }

    private static Ticket rated(Ticket t, int stars) {
        return new Ticket(t.id(), t.category(), t.kind(), t.grid(), t.chat(), t.originMessage(), t.resident(),
                t.residentName(), t.text(), t.confidential(), t.route(), t.chain(), t.step(), t.assignee(), t.dispatchNo(),
                TicketState.RATED, t.signWithin(), t.finishWithin(), t.createdAt(), t.signDue(), t.finishDue(),
                t.signedAt(), t.firstResponseAt(), t.closedAt(), t.outcome(), stars, t.missed(), t.escalations(), t.version() + 1);
    }

    private static Ticket escalated(Ticket t, int times) {
        return new Ticket(t.id(), t.category(), t.kind(), t.grid(), t.chat(), t.originMessage(), t.resident(),
                t.residentName(), t.text(), t.confidential(), t.route(), t.chain(), t.step(), t.assignee(), t.dispatchNo(),
                t.state(), t.signWithin(), t.finishWithin(), t.createdAt(), t.signDue(), t.finishDue(), t.signedAt(),
                t.firstResponseAt(), t.closedAt(), t.outcome(), t.rating(), List.of("sign#1"), times, t.version() + 1);
    }

    @Test
    void threeReceived_twoResolved_isAResolutionRateOf66point7() {
        Instant mon = local("2026-11-16T09:00");
        List<Ticket> tickets = List.of(
                closed(answered(ticket("zhangda", mon), Duration.ofMinutes(10)), mon.plus(Duration.ofHours(1))),
                closed(ticket("zhangda", mon.plus(Duration.ofDays(1))), mon.plus(Duration.ofDays(2))),
                ticket("zhangda", mon.plus(Duration.ofDays(3))));
        TicketFigures f = TicketFigures.of(tickets, W47, MONDAY_MORNING);
        assertEquals(3, f.received());
        assertEquals(2, f.resolved());
        assertEquals("66.7%", FiguresTexts.percent(f.resolutionRate()));
        assertEquals("收集社情民意 3 条、解决 2 条", FiguresTexts.headline(f));
    }

    @Test
    void firstResponseTimes_medianAndP90_areNearestRank() {
        Instant mon = local("2026-11-16T09:00");
        List<Ticket> tickets = new ArrayList<>();
        for (int minutes = 10; minutes >= 1; minutes--) {   // answered after 1, 2, … 10 minutes, in no order
            tickets.add(answered(ticket("deji", mon.plus(Duration.ofHours(minutes))), Duration.ofMinutes(minutes)));
        }
        tickets.add(ticket("deji", mon));                  // not answered yet: no time to count
        TicketFigures f = TicketFigures.of(tickets, W47, MONDAY_MORNING);
        assertEquals(11, f.received());
        assertEquals(10, f.responded());
        assertEquals(Duration.ofMinutes(5), f.firstResponseMedian(), "half of the 10 were answered within 5 minutes");
        assertEquals(Duration.ofMinutes(9), f.firstResponseP90(), "9 of the 10 within 9 minutes");

        TicketFigures two = TicketFigures.of(List.of(answered(ticket("deji", mon), Duration.ofMinutes(10)),
                answered(ticket("deji", mon), Duration.ofMinutes(60))), W47, MONDAY_MORNING);
        assertEquals(Duration.ofMinutes(10), two.firstResponseMedian());
        assertEquals(Duration.ofMinutes(60), two.firstResponseP90());
    }

    @Test
    void responseRate_countsFirstAnswersWithinTheSignDeadline_ofAllReceived() {
        Instant mon = local("2026-11-16T09:00");
        List<Ticket> tickets = List.of(
                answered(ticket("zhangda", mon), Duration.ofMinutes(30)),
                answered(ticket("zhangda", mon), Duration.ofHours(2)),               // exactly at the deadline: in time
                answered(ticket("zhangda", mon), Duration.ofHours(2).plusSeconds(1)), // a second late
                ticket("zhangda", mon));                                            // never answered
        TicketFigures f = TicketFigures.of(tickets, W47, MONDAY_MORNING);
        assertEquals(2, f.respondedInTime());
        assertEquals("50%", FiguresTexts.percent(f.responseRate()));
    }

    @Test
    void resolved_countsWhatWasClosedThisWeek_evenWhenReceivedBefore() {
        Instant lastWeek = local("2026-11-12T10:00");
        List<Ticket> tickets = List.of(closed(ticket("zhangda", lastWeek), local("2026-11-17T10:00")),
                closed(ticket("zhangda", local("2026-11-20T10:00")), local("2026-11-24T10:00")));   // closed next week
        TicketFigures f = TicketFigures.of(tickets, W47, local("2026-11-25T00:00"));
        assertEquals(1, f.received());
        assertEquals(1, f.resolved(), "the one received the week before and closed on the 17th");
        assertEquals(1.0, f.resolutionRate(), "of the week's one received ticket, one is closed by now");
        assertEquals("收集社情民意 1 条、解决 1 条", FiguresTexts.headline(f));
    }

    @Test
    void overdue_isClosedLate_orOpenPastTheFinishDeadline() {
        Instant mon = local("2026-11-16T09:00");   // finish deadlines: Monday 23 November 09:00
        Ticket closedLate = closed(ticket("zhangda", mon), local("2026-11-23T10:00"));
        Ticket closedInTime = closed(ticket("zhangda", mon), local("2026-11-23T09:00"));
        Ticket open = ticket("zhangda", mon);
        List<Ticket> tickets = List.of(closedLate, closedInTime, open);
        assertEquals(0, TicketFigures.of(List.of(open), W47, MONDAY_MORNING).overdue(), "at 08:00 it is not late yet");
        assertEquals(2, TicketFigures.of(tickets, W47, local("2026-11-23T09:30")).overdue(),
                "the open one is late from 09:00, the one closed at 10:00 was late too");
        assertEquals(0, TicketFigures.of(tickets, W47.previous(), local("2026-11-23T09:30")).overdue(),
                "counted with the week they were received in");
    }

    @Test
    void satisfaction_isRatingsOf4or5_amongTheRated_andEscalationsAddUp() {
        Instant mon = local("2026-11-16T09:00");
        List<Ticket> tickets = new ArrayList<>();
        for (int stars : new int[]{5, 4, 3, 2}) {
            tickets.add(rated(closed(ticket("pare", mon), mon.plus(Duration.ofHours(1))), stars));
        }
        tickets.add(closed(ticket("pare", mon), mon.plus(Duration.ofHours(1))));   // closed, not rated
        tickets.add(escalated(ticket("pare", mon), 3));
        TicketFigures f = TicketFigures.of(tickets, W47, MONDAY_MORNING);
        assertEquals(4, f.rated());
        assertEquals("50%", FiguresTexts.percent(f.satisfactionRate()));
        assertEquals(3, f.escalations());
    }

    @Test
    void rates_areNull_notZero_whenThereIsNothingToDivideBy() {
        TicketFigures none = TicketFigures.of(List.of(), W47, MONDAY_MORNING);
        assertNull(none.responseRate());
        assertNull(none.resolutionRate());
        assertNull(none.satisfactionRate());
        assertNull(none.firstResponseMedian());
        assertEquals("—", FiguresTexts.percent(none.resolutionRate()));

        TicketFigures unrated = TicketFigures.of(List.of(ticket("zhangda", local("2026-11-16T09:00"))), W47, MONDAY_MORNING);
        assertEquals(0.0, unrated.responseRate(), "one received and not answered is 0%, not nothing");
        assertNull(unrated.satisfactionRate());
    }

    @Test
    void weeks_runMondayToSunday_inTheStationsTime() {
        assertEquals("2026-W47", W47.id());
        assertEquals(Instant.parse("2026-11-15T16:00:00Z"), W47.start(), "Monday 00:00 in 阿扎乡 is Sunday 16:00 UTC");
        assertTrue(W47.contains(local("2026-11-22T23:59")));
        assertEquals("2026-W48", CalendarWeek.containing(local("2026-11-23T00:00"), ZONE).id());
        List<CalendarWeek> eight = CalendarWeek.lastWeeks(local("2026-11-23T08:00"), ZONE, 8);
        assertEquals("2026-W41", eight.get(0).id());
        assertEquals("2026-W48", eight.get(7).id());
        assertEquals("11月16日—11月22日", FiguresTexts.days(W47));
    }

    @Test
    void aWeek_hasARowPerGrid_andATownshipTotalOverAllItsTickets() {
        Matrix m = RealSeeds.get().matrix();
        Instant mon = local("2026-11-16T09:00");
        List<Ticket> tickets = List.of(
                answered(ticket("zhangda", mon), Duration.ofMinutes(10)),
                answered(ticket("zhangda", mon), Duration.ofMinutes(60)),
                ticket("zhangda", mon),
                answered(ticket("deji", mon), Duration.ofHours(3)),
                answered(ticket(null, mon), Duration.ofMinutes(20)));   // a resident of no known grid
        Map<String, FraudFigures> fraud = Map.of("zhangda", new FraudFigures(2, 1, 1, 0), "-", new FraudFigures(0, 1, 0, 0));
        WeekFigures w = WeekFigures.of(W47, WeekFigures.Scope.township(m), tickets, fraud, new PublishingFigures(1, 14, 13),
                MONDAY_MORNING);

        assertEquals(m.grids().size() + 1, w.rows().size(), "every grid, and the tickets of none");
        WeekFigures.Row zhangda = w.rows().get(0);
        assertEquals("zhangda", zhangda.grid());
        assertEquals(3, zhangda.tickets().received());
        assertEquals(2, zhangda.fraud().warnings());
        WeekFigures.Row none = w.rows().get(w.rows().size() - 1);
        assertEquals(WeekFigures.NO_GRID, none.grid());
        assertEquals(1, none.tickets().received());

        TicketFigures total = w.total().tickets();
        assertEquals(5, total.received());
        assertEquals(Duration.ofMinutes(20), total.firstResponseMedian(), "10, 20, 60, 180 minutes: rank 2");
        assertEquals(Duration.ofHours(3), total.firstResponseP90());
        assertEquals(new FraudFigures(2, 2, 1, 0), w.total().fraud());

        WeekFigures village = WeekFigures.of(W47, WeekFigures.Scope.of(List.of("deji")), tickets, fraud,
                new PublishingFigures(1, 14, 13), MONDAY_MORNING);
        assertEquals(1, village.rows().size());
        assertEquals(1, village.total().tickets().received(), "德吉村 sees its own ticket only");
        assertEquals(FraudFigures.NONE, village.total().fraud());
    }
}
