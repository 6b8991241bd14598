package zhijian.broadcast;

import zhijian.matrix.GroupKind;

import java.util.List;

/**
 * Where a broadcast goes: the whole township, or some grids (villages), narrowed to some kinds of groups, plus groups
 * named one by one. {@code label} is how the publisher wrote it.
 */
public record Scope(boolean township, List<String> grids, List<GroupKind> kinds, List<String> groups, String label) {
    public Scope {
        grids = List.copyOf(grids);
        kinds = List.copyOf(kinds);
        groups = List.copyOf(groups);
    }
}
