package zhijian.broadcast;

import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.GroupKind;
import zhijian.matrix.Matrix;
import zhijian.matrix.Tier;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a scope as officers write it: 全乡; village names (章达村 德吉村); kinds of groups (村群 企业群 场所群 家长群);
 * groups by name or alias (阿扎乡小学). Words are separated by spaces, 、 or ，. A word it does not know is an error that
 * names the word, so nothing goes to the wrong place.
 */
public final class ScopeParser {
    private static final Set<String> WHOLE = Set.of("全乡", "全镇", "全部", "全体", "所有群", "全乡各群");
    private static final Map<String, GroupKind> KINDS = Map.ofEntries(
            Map.entry("村群", GroupKind.VILLAGE), Map.entry("村民群", GroupKind.VILLAGE), Map.entry("村组群", GroupKind.VILLAGE),
            Map.entry("村（组）群", GroupKind.VILLAGE), Map.entry("企业群", GroupKind.ENTERPRISE), Map.entry("企业", GroupKind.ENTERPRISE),
            Map.entry("场所群", GroupKind.VENUE), Map.entry("行业群", GroupKind.VENUE), Map.entry("场所行业群", GroupKind.VENUE),
            Map.entry("家长群", GroupKind.PARENTS), Map.entry("学校", GroupKind.PARENTS));

    private ScopeParser() {}

    /** The scope, or the reason it cannot be read (in words for the publisher). */
    public record Result(Scope scope, String error) {}

    public static Result parse(String text, Matrix matrix) {
        String label = text == null ? "" : text.strip();
        if (label.isEmpty()) return new Result(null, "请写明发布范围，例如「全乡」「章达村」「家长群」或群名。");
        boolean township = false;
        Set<String> grids = new LinkedHashSet<>();
        Set<GroupKind> kinds = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        int words = 0;
        for (String word : label.split("[\\s\\u3000、，,；;]+")) {
            if (word.isBlank()) continue;
            words++;
            if (WHOLE.contains(word) || word.equals(matrix.station().township())) {
                township = true;
            } else if (KINDS.containsKey(word)) {
                kinds.add(KINDS.get(word));
            } else {
                Optional<Grid> grid = matrix.grids().stream().filter(Grid::active)
                        .filter(g -> g.name().equals(word) || g.id().equals(word)).findFirst();
                if (grid.isPresent()) {
                    grids.add(grid.get().id());
                    continue;
                }
                Optional<Group> group = matrix.groups().stream().filter(g -> g.active() && g.tier() == Tier.LANDING)
                        .filter(g -> g.name().equals(word) || g.aliases().contains(word) || g.id().equals(word)).findFirst();
                if (group.isPresent()) groups.add(group.get().id());
                else unknown.add(word);
            }
        }
        if (words == 0) return new Result(null, "请写明发布范围，例如「全乡」「章达村」「家长群」或群名。");
        if (!unknown.isEmpty()) {
            return new Result(null, "不认识的发布范围：" + String.join("、", unknown)
                    + "。可以写「全乡」、村名、「村群/企业群/场所群/家长群」或群名。");
        }
        return new Result(new Scope(township, List.copyOf(grids), List.copyOf(kinds), List.copyOf(groups), label), null);
    }
}
