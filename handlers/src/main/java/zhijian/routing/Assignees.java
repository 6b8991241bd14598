package zhijian.routing;

import zhijian.matrix.Grid;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns roles into people: the 网格员 of this grid, today's duty officer, the chief.
 * A role nobody holds (a grid without a mediator) resolves to nobody and the chain moves on.
 */
public final class Assignees {
    private Assignees() {}

    /** One step of a resolved chain. */
    public record Step(Role role, String member) {}

    public static Optional<String> resolve(Role role, String gridId, Matrix matrix, LocalDate day) {
        Optional<Grid> grid = matrix.grid(gridId);
        String id = switch (role) {
            case GRID_WORKER -> grid.flatMap(g -> first(g.gridWorkers(), matrix)).orElse(null);
            case COMMUNITY_OFFICER -> grid.map(Grid::officer).filter(o -> active(o, matrix)).orElse(null);
            case MEDIATOR -> grid.flatMap(g -> first(g.mediators(), matrix))
                    .or(() -> first(matrix.station().mediationRoom(), matrix)).orElse(null);
            case HOUSEHOLD_HEAD -> grid.flatMap(g -> first(g.householdHeads(), matrix)).orElse(null);
            case DUTY_OFFICER -> matrix.station().dutyOfficerOn(day);
            case CHIEF -> matrix.station().chief();
            case ADMIN, OFFICER, COUNTY_HEAD, RESIDENT -> null;
        };
        return Optional.ofNullable(id).filter(m -> active(m, matrix));
    }

    /**
     * The people of a route's chain, in order, skipping roles nobody holds and a person who would follow
     * themselves (today's duty officer may be this grid's community officer).
     */
    public static List<Step> chain(Route route, String gridId, Matrix matrix, LocalDate day) {
        List<Step> steps = new ArrayList<>();
        for (Role role : route.chain()) {
            resolve(role, gridId, matrix, day).ifPresent(m -> {
                boolean seen = steps.stream().anyMatch(s -> s.member().equals(m));
                if (!seen) steps.add(new Step(role, m));
            });
        }
        if (steps.isEmpty()) steps.add(new Step(Role.CHIEF, matrix.station().chief()));
        return steps;
    }

    private static Optional<String> first(List<String> ids, Matrix matrix) {
        return ids.stream().filter(id -> active(id, matrix)).findFirst();
    }

    private static boolean active(String id, Matrix matrix) {
        return matrix.member(id).map(Member::active).orElse(false);
    }
}
