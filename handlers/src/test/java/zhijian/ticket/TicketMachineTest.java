package zhijian.ticket;

import org.junit.jupiter.api.Test;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.message.TimerEvent;
import zhijian.routing.Route;
import zhijian.testing.RealSeeds;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicketMachineTest {
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    private final Matrix matrix = RealSeeds.get().matrix();
    private final TicketMachine machine = new TicketMachine(matrix);
    private final Member ciren = matrix.member("r-ciren").orElseThrow();

    private Ticket dispute() {
        Route route = RealSeeds.get().rules().routes().route("zhangda", "dispute").orElseThrow();
        return machine.open("AZ-20261122-0001", "dispute", null, "zhangda", "g-ent-transport", "m1", ciren,
                "运费不给", false, route, T0, DAY).after();
    }

    private static Change done(Verdict v) {
        return assertInstanceOf(Verdict.Done.class, v, () -> "refused: " + v).change();
    }

    @Test
    void open_dispatchesToTheFirstOfTheChain_withBothDeadlines() {
        Route route = RealSeeds.get().rules().routes().route("zhangda", "dispute").orElseThrow();
        Change c = machine.open("AZ-20261122-0001", "dispute", null, "zhangda", "g-ent-transport", "m1", ciren,
                "运费不给", false, route, T0, DAY);
        Ticket t = c.after();
        assertEquals(TicketState.DISPATCHED, t.state());
        assertEquals("v-zd-med", t.assignee(), "章达村's mediator signs first");
        assertEquals(T0.plus(Duration.ofHours(2)), t.signDue());
        assertEquals(T0.plus(Duration.ofDays(7)), t.finishDue());
        assertEquals(2, c.schedule().size());
        assertTrue(c.has(EventType.RECEIVED) && c.has(EventType.DISPATCHED));
    }

    @Test
    void aResident_cannotSign_andNeitherCanAnUnrelatedOfficer() {
        Ticket t = dispute();
        assertInstanceOf(Verdict.Refused.class, machine.sign(t, "r-ciren", T0));
        assertInstanceOf(Verdict.Refused.class, machine.sign(t, "p-lhamo", T0), "德吉村's officer is not on this chain");
    }

    @Test
    void theAssignee_orSomeoneAboveThem_maySign() {
        Ticket t = dispute();
        assertEquals(TicketState.SIGNED, done(machine.sign(t, "v-zd-med", T0)).after().state());
        Change bySupervisor = done(machine.sign(t, "p-tashi", T0));
        assertEquals("p-tashi", bySupervisor.after().assignee(), "whoever signs holds it");
        assertEquals(TicketState.SIGNED, done(machine.sign(t, "p-wang", T0)).after().state(), "the chief may");
    }

    @Test
    void signing_clearsTheSignDeadline() {
        Ticket t = dispute();
        Change c = done(machine.sign(t, "v-zd-med", T0));
        assertEquals(java.util.List.of("SIGN|AZ-20261122-0001|1"), c.cancel());
    }

    @Test
    void missedSignDeadline_isRecordedOnce_andMovesOneStepUp() {
        Ticket t = dispute();
        Change c = done(machine.signMissed(t, 1, T0.plus(Duration.ofHours(2)), DAY));
        Ticket up = c.after();
        assertEquals("p-tashi", up.assignee(), "mediator → community officer");
        assertEquals(1, up.step());
        assertEquals(2, up.dispatchNo());
        assertEquals(java.util.List.of("sign#1"), up.missed());
        assertTrue(c.has(EventType.SIGN_MISSED) && c.has(EventType.ESCALATED));
        assertEquals(TimerEvent.Kind.SIGN, c.schedule().get(0).kind());
        assertEquals(2, c.schedule().get(0).generation());

        // the same deadline firing again (a second instance, a retry) changes nothing
        assertInstanceOf(Verdict.Refused.class, machine.signMissed(up, 1, T0.plus(Duration.ofHours(3)), DAY));
    }

    @Test
    void escalation_walksTheWholeChain_andStopsAtTheChief() {
        Ticket t = dispute();
        Instant now = T0;
        String[] expected = {"p-tashi", matrix.station().dutyOfficerOn(DAY), "p-wang"};
        for (String who : expected) {
            now = now.plus(Duration.ofHours(2));
            t = done(machine.signMissed(t, t.dispatchNo(), now, DAY)).after();
            assertEquals(who, t.assignee());
        }
        Change top = done(machine.signMissed(t, t.dispatchNo(), now.plus(Duration.ofHours(2)), DAY));
        assertEquals("p-wang", top.after().assignee(), "nobody above the chief");
        assertEquals(4, top.after().missed().size());
        assertTrue(top.schedule().isEmpty());
    }

    @Test
    void staleSignTimer_afterSigning_changesNothing() {
        Ticket signed = done(machine.sign(dispute(), "v-zd-med", T0)).after();
        assertInstanceOf(Verdict.Refused.class, machine.signMissed(signed, 1, T0.plus(Duration.ofHours(2)), DAY));
    }

    @Test
    void reply_signsImplicitly_andRecordsTheFirstResponse() {
        Change c = done(machine.reply(dispute(), "v-zd-med", "明天来调解", T0.plus(Duration.ofMinutes(10))));
        assertEquals(TicketState.IN_PROGRESS, c.after().state());
        assertEquals(T0.plus(Duration.ofMinutes(10)), c.after().firstResponseAt());
        assertTrue(c.has(EventType.SIGNED) && c.has(EventType.REPLIED));
    }

    @Test
    void close_needsAnOutcome_thenAsksForARating() {
        Ticket t = done(machine.sign(dispute(), "v-zd-med", T0)).after();
        assertInstanceOf(Verdict.Refused.class, machine.close(t, "v-zd-med", " ", T0));
        Change c = done(machine.close(t, "v-zd-med", "已调解，运费结清", T0.plus(Duration.ofDays(1))));
        assertEquals(TicketState.FOLLOWED_UP, c.after().state());
        assertTrue(c.has(EventType.CLOSED) && c.has(EventType.FOLLOWED_UP));
        assertTrue(c.cancel().contains("FINISH|AZ-20261122-0001|1"));

        assertInstanceOf(Verdict.Refused.class, machine.rate(c.after(), "v-zd-med", 5, T0), "only the resident rates");
        Ticket rated = done(machine.rate(c.after(), "r-ciren", 5, T0)).after();
        assertEquals(TicketState.RATED, rated.state());
        assertEquals(5, rated.rating());
    }

    @Test
    void giveBack_goesToTheDutyOfficer_andFromThemToTheChief() {
        Ticket t = dispute();
        Ticket back = done(machine.giveBack(t, "v-zd-med", "不是纠纷", T0, DAY)).after();
        String duty = matrix.station().dutyOfficerOn(DAY);
        assertEquals(duty, back.assignee());
        assertEquals(TicketState.DISPATCHED, back.state());
        assertEquals("p-wang", done(machine.giveBack(back, duty, "也不归我", T0, DAY)).after().assignee());
    }

    @Test
    void reassign_onlyToStaff() {
        Ticket t = dispute();
        assertInstanceOf(Verdict.Refused.class, machine.reassign(t, "v-zd-med", ciren, null, T0));
        Member officer = matrix.withRole(Role.COMMUNITY_OFFICER).get(0);
        assertEquals(officer.id(), done(machine.reassign(t, "v-zd-med", officer, "交给民警", T0)).after().assignee());
    }

    @Test
    void finishMissed_isRecordedOnce_andTellsTheNextStep() {
        Ticket t = done(machine.sign(dispute(), "v-zd-med", T0)).after();
        Change c = done(machine.finishMissed(t, T0.plus(Duration.ofDays(7)), DAY));
        assertEquals("v-zd-med", c.after().assignee(), "the assignee keeps it");
        assertTrue(c.events().stream().anyMatch(e -> e.type() == EventType.ESCALATED && "p-tashi".equals(e.to())));
        assertInstanceOf(Verdict.Refused.class, machine.finishMissed(c.after(), T0.plus(Duration.ofDays(8)), DAY));
    }

    @Test
    void afterAReturn_theReturnerCanNoLongerAct_andEscalationGoesOnUpFromTheDutyOfficer() {
        Route route = RealSeeds.get().rules().routes().route("zhangda", "hazard").orElseThrow();
        Ticket t = machine.open("AZ-20261122-0002", "hazard", null, "zhangda", "g-zhangda", "m2", ciren, "电线垂下来了",
                false, route, T0, DAY).after();
        assertEquals("v-zd-gw", t.assignee());
        String duty = matrix.station().dutyOfficerOn(DAY);
        Ticket back = done(machine.giveBack(t, "v-zd-gw", "这是供电所的事", T0, DAY)).after();
        assertEquals(duty, back.assignee());
        assertInstanceOf(Verdict.Refused.class, machine.sign(back, "v-zd-gw", T0), "the one who returned it");
        Ticket up = done(machine.signMissed(back, back.dispatchNo(), T0.plus(Duration.ofHours(2)), DAY)).after();
        assertEquals("p-wang", up.assignee(), "from the duty officer the next step up is the chief, not back down");
    }

    @Test
    void aTicketTheChiefHandsDown_escalatesUpTheChainAgain() {
        Route route = RealSeeds.get().rules().routes().route("zhangda", "hazard").orElseThrow();
        Ticket t = machine.open("AZ-20261122-0003", "hazard", null, "zhangda", "g-zhangda", "m3", ciren, "桥裂了",
                false, route, T0, DAY).after();
        Ticket signed = done(machine.sign(t, "p-wang", T0)).after();
        Ticket down = done(machine.reassign(signed, "p-wang", matrix.member("v-zd-gw").orElseThrow(), "你先去看看", T0)).after();
        Ticket up = done(machine.signMissed(down, down.dispatchNo(), T0.plus(Duration.ofHours(2)), DAY)).after();
        assertEquals("p-tashi", up.assignee(), "网格员 → 社区民警, one step up");
    }

    @Test
    void theDutyStep_goesToWhoeverIsOnDutyWhenItEscalates() {
        Route route = RealSeeds.get().rules().routes().route("zhangda", "consult").orElseThrow();
        Ticket t = machine.open("AZ-20261122-0004", "consult", null, "zhangda", "g-zhangda", "m4", ciren, "问一下",
                false, route, T0, DAY).after();
        LocalDate tomorrow = DAY.plusDays(1);
        Ticket up = done(machine.signMissed(t, 1, T0.plus(Duration.ofHours(13)), tomorrow)).after();
        assertEquals(matrix.station().dutyOfficerOn(tomorrow), up.assignee());
        String yesterdays = matrix.station().dutyOfficerOn(DAY);
        assertEquals(TicketState.SIGNED, done(machine.sign(up, yesterdays, T0)).after().state(),
                "any duty officer may take a duty step");
    }

    @Test
    void aTip_isNeverHandedToAVillageVolunteer_andTheyCannotReadOthersTickets() {
        Route route = RealSeeds.get().rules().routes().route("zhangda", "report").orElseThrow();
        Ticket tip = machine.open("AZ-20261122-0005", "report", null, "zhangda", "dm:r-lhakpa", "m5",
                matrix.member("r-lhakpa").orElseThrow(), "有人赌博", true, route, T0, DAY).after();
        assertInstanceOf(Verdict.Refused.class,
                machine.reassign(tip, "p-tashi", matrix.member("v-zd-hh1").orElseThrow(), null, T0));
        assertTrue(!machine.maySee(tip, "v-zd-hh1"), "a household head does not see a tip");
        assertTrue(!machine.maySee(tip, "r-ciren"), "nor does another resident");
        assertTrue(machine.maySee(tip, "r-lhakpa") && machine.maySee(tip, "p-tashi") && machine.maySee(tip, "p-lhamo"));
    }
}
