package zhijian.console;

import zhijian.matrix.Grid;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.routing.Assignees;
import zhijian.ticket.Ticket;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What one person of staff may see and do on the console. Decided from the roster alone, so every instance
 * agrees, and re-decided on every request (a deactivated person is out at once).
 *
 * <ul>
 *   <li>{@link Reach#STATION} — the chief, the system admins and the county heads: every grid and ticket.</li>
 *   <li>{@link Reach#GRIDS} — police officers: the grids they cover (a community officer's villages), and any
 *       ticket they hold or were in the chain of, wherever it is.</li>
 *   <li>{@link Reach#VILLAGE} — village staff (网格员, 调解员, 户长): their village's tickets, except tips, which
 *       only police see; and any ticket given to them.</li>
 * </ul>
 * Residents have no console at all: {@link #of} is empty for them.
 */
public record Access(Member member, Reach reach, Set<String> grids) {
    public enum Reach { STATION, GRIDS, VILLAGE }

    public Access {
        grids = Set.copyOf(grids);
    }

    /** The console access of a roster member; empty for residents, deactivated and unknown people. */
    public static Optional<Access> of(Matrix matrix, String memberId) {
        Member m = matrix.member(memberId).orElse(null);
        if (m == null || !m.isStaff()) return Optional.empty();
        if (m.has(Role.CHIEF) || m.has(Role.ADMIN) || m.has(Role.COUNTY_HEAD)) {
            Set<String> all = new LinkedHashSet<>();
            for (Grid g : matrix.grids()) all.add(g.id());
            return Optional.of(new Access(m, Reach.STATION, all));
        }
        Set<String> grids = new LinkedHashSet<>(m.grids());
        // a community officer covers the grids whose officer they are, whatever their own roster line lists
        for (Grid g : matrix.grids()) if (m.id().equals(g.officer())) grids.add(g.id());
        return Optional.of(new Access(m, m.isPolice() ? Reach.GRIDS : Reach.VILLAGE, grids));
    }

    public String id() { return member.id(); }

    public boolean station() { return reach == Reach.STATION; }

    public boolean seesGrid(String grid) {
        return station() || (grid != null && grids.contains(grid));
    }

    /** Whether this person may read the ticket (and so act on it, as far as the ticket's rules let them). */
    public boolean seesTicket(Ticket t) {
        if (station() || involved(t)) return true;
        if (reach == Reach.VILLAGE && t.confidential()) return false;
        return t.grid() != null && grids.contains(t.grid());
    }

    /** They hold it, or it was (or will be) theirs on its chain. */
    public boolean involved(Ticket t) {
        if (member.id().equals(t.assignee())) return true;
        for (Assignees.Step s : t.chain()) if (member.id().equals(s.member())) return true;
        return false;
    }

    /** Police only: publishing (the broadcast rules decide further), verdicts on fraud alerts, the block lists. */
    public boolean police() { return member.isPolice(); }

    /** The chief and the system admins keep the matrix: grids, groups, people and roles. */
    public boolean editsMatrix() {
        return member.has(Role.CHIEF) || member.has(Role.ADMIN);
    }

    /** The role names shown on the console, most senior first. */
    public java.util.List<String> roleNames() {
        return member.roles().stream().sorted().map(Role::label).toList();
    }
}
