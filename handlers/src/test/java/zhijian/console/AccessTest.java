package zhijian.console;

import org.junit.jupiter.api.Test;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.routing.Assignees;
import zhijian.testing.RealSeeds;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who of the seed roster sees what on the console. */
class AccessTest {
    private final Matrix matrix = RealSeeds.get().matrix();

    private Access of(String id) {
        return Access.of(matrix, id).orElseThrow();
    }

    @Test
    void residentsAndUnknownPeopleHaveNoConsole() {
        assertTrue(Access.of(matrix, "r-ciren").isEmpty());
        assertTrue(Access.of(matrix, "nobody").isEmpty());
        assertTrue(Access.of(matrix, null).isEmpty());
    }

    @Test
    void aDeactivatedStafferHasNoConsole() {
        Member gw = matrix.member("v-dj-gw").orElseThrow();
        Member off = new Member(gw.id(), gw.name(), gw.roles(), gw.grids(), gw.note(), false, gw.dm());
        List<Member> people = matrix.members().stream().map(m -> m.id().equals(gw.id()) ? off : m).toList();
        Matrix changed = new Matrix(matrix.station(), matrix.grids(), matrix.groups(), people);
        assertTrue(Access.of(changed, "v-dj-gw").isEmpty());
    }

    @Test
    void theChiefTheAdminAndCountyHeadsSeeTheWholeStation() {
        for (String id : List.of("p-wang", "p-admin", "c-zhang")) {
            Access a = of(id);
            assertEquals(Access.Reach.STATION, a.reach(), id);
            assertTrue(a.seesTicket(ticket("deji", true, "v-dj-gw")), id);
            assertTrue(a.seesGrid("qionguo"), id);
        }
        assertTrue(of("p-wang").editsMatrix());
        assertTrue(of("p-admin").editsMatrix());
        assertFalse(of("c-zhang").editsMatrix());
        assertFalse(of("p-admin").police());
    }

    @Test
    void aCommunityOfficerSeesTheGridsTheyCover() {
        Access tashi = of("p-tashi");
        assertEquals(Access.Reach.GRIDS, tashi.reach());
        assertEquals(Set.of("zhangda", "azha"), tashi.grids());
        assertTrue(tashi.seesTicket(ticket("azha", true, "p-tashi")), "a tip in his grid");
        assertFalse(tashi.seesTicket(ticket("deji", false, "v-dj-gw")));
        assertTrue(tashi.seesTicket(ticket("deji", false, "p-tashi")), "but one given to him, wherever it is");
    }

    @Test
    void aStationOfficerWithoutGridsSeesWhatTheyHoldOrWereInTheChainOf() {
        Access duoji = of("p-duoji");
        assertTrue(duoji.grids().isEmpty());
        assertFalse(duoji.seesTicket(ticket("deji", false, "v-dj-gw")));
        Ticket escalated = ticket("deji", false, "p-wang", new Assignees.Step(Role.DUTY_OFFICER, "p-duoji"));
        assertTrue(duoji.seesTicket(escalated));
    }

    @Test
    void villageStaffSeeTheirVillageButNeverATip() {
        Access nima = of("v-dj-gw");
        assertEquals(Access.Reach.VILLAGE, nima.reach());
        assertTrue(nima.seesTicket(ticket("deji", false, "p-lhamo")));
        assertFalse(nima.seesTicket(ticket("deji", true, "p-lhamo")), "a tip in her own village");
        assertFalse(nima.seesTicket(ticket("zhangda", false, "v-zd-gw")));
        assertFalse(nima.police());
        assertFalse(nima.editsMatrix());
    }

    private static Ticket ticket(String grid, boolean tip, String assignee, Assignees.Step... chain) {
        Instant t0 = Instant.parse("2026-11-22T04:00:00Z");
        return new Ticket("AZ-20261122-0001", tip ? "report" : "hazard", null, grid, "g-" + grid, "m1", "r-x", "某居民",
                "内容", tip, "*/hazard", List.of(chain), 0, assignee, 1, TicketState.DISPATCHED, Duration.ofHours(2),
                Duration.ofDays(3), t0, t0.plus(Duration.ofHours(2)), t0.plus(Duration.ofDays(3)), null, null, null, null,
                null, List.of(), 0, 1);
    }
}
