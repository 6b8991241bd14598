package zhijian.broadcast;

import zhijian.matrix.Group;
import zhijian.matrix.GroupKind;
import zhijian.matrix.Matrix;
import zhijian.matrix.Role;
import zhijian.matrix.Tier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a scope into the chats a broadcast goes to. Tier-2 groups of the township or of the named grids, narrowed to
 * the named kinds; plus the groups named one by one. Inactive groups are left out. Pure and linear in the number of
 * groups.
 */
public final class FanoutPlanner {
    private FanoutPlanner() {}

    public static List<Group> targets(Matrix matrix, Scope scope) {
        Set<String> grids = Set.copyOf(scope.grids());
        Set<GroupKind> kinds = Set.copyOf(scope.kinds());
        boolean area = scope.township() || !grids.isEmpty() || !kinds.isEmpty();
        Set<String> named = Set.copyOf(scope.groups());
        List<Group> out = new ArrayList<>();
        for (Group g : matrix.groups()) {
            if (!g.active() || g.tier() != Tier.LANDING) continue;
            boolean inArea = area && (scope.township() || grids.isEmpty() || grids.contains(g.grid()))
                    && (kinds.isEmpty() || kinds.contains(g.kind()));
            if (inArea || named.contains(g.id())) out.add(g);
        }
        return out;
    }

    /** Every active tier-2 group of the township (a missing-person alert's first widening). */
    public static List<Group> township(Matrix matrix) {
        List<Group> out = new ArrayList<>();
        for (Group g : matrix.groups()) if (g.active() && g.tier() == Tier.LANDING) out.add(g);
        return out;
    }

    /** The county: the tier-1 group(s) and each county head's private chat (the last widening). */
    public static List<Group> county(Matrix matrix) {
        List<Group> out = new ArrayList<>();
        for (Group g : matrix.groups()) if (g.active() && g.tier() == Tier.PUBLISHING) out.add(g);
        for (var m : matrix.withRole(Role.COUNTY_HEAD)) out.add(matrix.privateChatOf(m));
        return out;
    }

    /** How many of the targets each channel carries, e.g. {bridge=12, wecom_customer_group=2}. */
    public static Map<String, Integer> byChannel(List<Group> targets) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Group g : targets) out.merge(g.channel(), 1, Integer::sum);
        return out;
    }

    /** The ids of the chats in {@code next} that are not in {@code reached}, in order. */
    public static List<String> newOnes(List<Group> next, List<String> reached) {
        Set<String> seen = new LinkedHashSet<>(reached);
        List<String> out = new ArrayList<>();
        for (Group g : next) if (seen.add(g.id())) out.add(g.id());
        return out;
    }
}
