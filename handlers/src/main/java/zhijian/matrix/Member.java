package zhijian.matrix;

import java.util.List;
import java.util.Set;

/**
 * A person the matrix knows: staff from the roster, or a resident (from the roster or first seen in a chat).
 * Deactivated people stay, so old tickets keep their handler. {@code dm} is where they are reached one to one
 * (the simulator when null).
 */
public record Member(String id, String name, Set<Role> roles, List<String> grids, String note, boolean active,
                     Address dm) {
    public Member {
        roles = Set.copyOf(roles);
        grids = List.copyOf(grids);
    }

    public static Member resident(String id, String name, String grid) {
        return resident(id, name, grid, null);
    }

    public static Member resident(String id, String name, String grid, Address dm) {
        return new Member(id, name, Set.of(Role.RESIDENT), grid == null ? List.of() : List.of(grid), "", true, dm);
    }

    /** Where to reach them one to one. */
    public Address reach() {
        return dm == null ? Address.SIM : dm;
    }

    public boolean has(Role role) { return roles.contains(role); }

    public boolean isStaff() { return active && roles.stream().anyMatch(Role::isStaff); }

    public boolean isPolice() { return active && roles.stream().anyMatch(Role::isPolice); }

    /** The grid a resident lives in, or the first grid a staff member covers; null when none. */
    public String homeGrid() { return grids.isEmpty() ? null : grids.get(0); }

    /** The most senior role, for display (所长 before 民警 before 居民). */
    public Role mainRole() {
        return roles.stream().min(Enum::compareTo).orElse(Role.RESIDENT);
    }
}
