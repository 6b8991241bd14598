package zhijian.broadcast;

import org.junit.jupiter.api.Test;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.GroupKind;
import zhijian.matrix.Matrix;
import zhijian.testing.RealSeeds;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a publisher's scope against the real matrix, and the chats it fans out to. */
class ScopeParserTest {
    /** Every tier-2 group of the seeds, in the order groups.yaml lists them. */
    static final List<String> TOWNSHIP = List.of("g-zhangda", "g-zhangda-1", "g-azha", "g-deji", "g-pare", "g-xuega",
            "g-qionguo", "g-qionguo-2", "g-ent-transport", "g-ent-gravel", "g-venue-market", "g-venue-teahouse",
            "g-parents-school", "g-parents-kinder");

    private final Matrix matrix = RealSeeds.get().matrix();

    private Scope scope(String text) {
        return scope(text, matrix);
    }

    private static Scope scope(String text, Matrix m) {
        ScopeParser.Result r = ScopeParser.parse(text, m);
        assertNull(r.error(), () -> "「" + text + "」: " + r.error());
        assertNotNull(r.scope());
        return r.scope();
    }

    private List<String> targets(String text) {
        return targets(text, matrix);
    }

    private static List<String> targets(String text, Matrix m) {
        return ids(FanoutPlanner.targets(m, scope(text, m)));
    }

    private static List<String> ids(List<Group> groups) {
        return groups.stream().map(Group::id).toList();
    }

    /** The real matrix with some groups and grids switched off. */
    private Matrix without(Set<String> groups, Set<String> grids) {
        List<Group> gs = matrix.groups().stream().map(g -> !groups.contains(g.id()) ? g
                : new Group(g.id(), g.name(), g.tier(), g.kind(), g.grid(), g.admin(), g.members(), g.channel(),
                g.channelRef(), false, g.aliases())).toList();
        List<Grid> ds = matrix.grids().stream().map(d -> !grids.contains(d.id()) ? d
                : new Grid(d.id(), d.name(), d.officer(), d.gridWorkers(), d.mediators(), d.householdHeads(), false)).toList();
        return new Matrix(matrix.station(), ds, gs, matrix.members());
    }

    // ---------------------------------------------------------------- the whole township

    @Test
    void wholeTownship_isEveryTier2Group_andNeverTheTier1Group() {
        for (String word : List.of("全乡", "全乡各群", "所有群", "阿扎乡")) {
            Scope s = scope(word);
            assertTrue(s.township(), word);
            assertTrue(s.grids().isEmpty() && s.kinds().isEmpty() && s.groups().isEmpty(), word + ": " + s);
            assertEquals(word, s.label());
            List<String> t = targets(word);
            assertEquals(TOWNSHIP, t, word);
            assertFalse(t.contains("g-tier1"), word);
        }
        assertEquals(14, TOWNSHIP.size());
    }

    @Test
    void wholeTownship_byChannel_isTwelveOverTheBridgeAndTwoCustomerGroups() {
        Map<String, Integer> by = FanoutPlanner.byChannel(FanoutPlanner.targets(matrix, scope("全乡")));
        assertEquals(Map.of("bridge", 12, "wecom_customer_group", 2), by);
        assertEquals(List.of("bridge", "wecom_customer_group"), List.copyOf(by.keySet()), "in the order first met");
    }

    // ---------------------------------------------------------------- villages and groups by name

    @Test
    void aVillageAndTheSchoolByItsAlias() {
        Scope s = scope("章达村 阿扎乡小学");
        assertFalse(s.township());
        assertEquals(List.of("zhangda"), s.grids());
        assertEquals(List.of("g-parents-school"), s.groups());
        assertTrue(s.kinds().isEmpty());
        assertEquals("章达村 阿扎乡小学", s.label());

        List<String> t = targets("章达村 阿扎乡小学");
        assertEquals(Set.of("g-zhangda", "g-zhangda-1", "g-ent-transport", "g-parents-kinder", "g-parents-school"),
                Set.copyOf(t));
        assertEquals(5, t.size(), "no chat twice: " + t);
        assertEquals(List.of("g-zhangda", "g-zhangda-1", "g-ent-transport", "g-parents-school", "g-parents-kinder"), t,
                "in the matrix's order");
    }

    @Test
    void aGroup_byItsName_itsId_orAnyAlias() {
        for (String word : List.of("阿扎乡完小家长群", "g-parents-school", "阿扎乡小学", "阿扎乡完小", "完小")) {
            assertEquals(List.of("g-parents-school"), targets(word), word);
        }
        assertEquals(List.of("g-parents-kinder"), targets("章达村幼儿园"));
        assertEquals(List.of("zhangda"), scope("zhangda").grids(), "a grid by its id");
    }

    @Test
    void twoVillages() {
        assertEquals(List.of("g-deji", "g-pare", "g-venue-teahouse"), targets("德吉村 帕热村"));
    }

    // ---------------------------------------------------------------- kinds of groups

    @Test
    void aKindAlone_isThatKindAcrossTheTownship() {
        assertEquals(List.of(GroupKind.PARENTS), scope("家长群").kinds());
        assertEquals(List.of("g-parents-school", "g-parents-kinder"), targets("家长群"));
        assertEquals(List.of("g-parents-school", "g-parents-kinder"), targets("学校"));
        assertEquals(List.of("g-ent-transport", "g-ent-gravel"), targets("企业群"));
        assertEquals(List.of("g-venue-market", "g-venue-teahouse"), targets("场所群"));
        assertEquals(List.of("g-zhangda", "g-zhangda-1", "g-azha", "g-deji", "g-pare", "g-xuega", "g-qionguo",
                "g-qionguo-2"), targets("村群"));
    }

    @Test
    void aVillageAndAKind_isThatKindInThatVillageOnly() {
        assertEquals(List.of("g-parents-kinder"), targets("章达村 家长群"));
        assertEquals(List.of("g-ent-transport", "g-ent-gravel"), targets("章达村 阿扎村 企业群"));
        assertEquals(List.of("g-parents-school", "g-parents-kinder"), targets("全乡 家长群"), "the township narrowed to a kind");
        assertEquals(List.of("g-zhangda", "g-zhangda-1", "g-azha", "g-deji", "g-pare", "g-xuega", "g-qionguo",
                "g-qionguo-2", "g-parents-school", "g-parents-kinder"), targets("家长群 村群"), "two kinds: both of them");
    }

    @Test
    void aVillageWithNoGroupOfThatKind_hasNoTargets() {
        assertTrue(targets("章达村 场所群").isEmpty());
    }

    // ---------------------------------------------------------------- separators

    @Test
    void wordsAreSeparatedByCommasEnumerationCommasSemicolonsAndSpaces() {
        for (String text : List.of("章达村、阿扎乡小学", "章达村，阿扎乡小学", "章达村,阿扎乡小学", "章达村；阿扎乡小学",
                "  章达村    阿扎乡小学 ", "章达村、 阿扎乡小学、", "章达村\t阿扎乡小学")) {
            Scope s = scope(text);
            assertEquals(List.of("zhangda"), s.grids(), text);
            assertEquals(List.of("g-parents-school"), s.groups(), text);
        }
    }

    @Test
    void aFullWidthSpace_separatesWordsToo() {
        Scope s = scope("章达村\u3000阿扎乡小学");
        assertEquals(List.of("zhangda"), s.grids());
        assertEquals(List.of("g-parents-school"), s.groups());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void anUnknownWord_isAnErrorNamingIt_andNothingElseIsReturned() {
        ScopeParser.Result r = ScopeParser.parse("章达村 火星村 阿扎乡小学", matrix);
        assertNull(r.scope(), "no partial scope: nothing may go to half of what was meant");
        assertNotNull(r.error());
        assertTrue(r.error().contains("火星村"), r.error());
        assertFalse(r.error().contains("章达村") || r.error().contains("阿扎乡小学"), "only the unknown word is named: " + r.error());

        ScopeParser.Result two = ScopeParser.parse("火星村、月亮群", matrix);
        assertNull(two.scope());
        assertTrue(two.error().contains("火星村") && two.error().contains("月亮群"), two.error());
    }

    @Test
    void anEmptyScope_isAnError() {
        for (String text : new String[]{"", "   ", null}) {
            ScopeParser.Result r = ScopeParser.parse(text, matrix);
            assertNull(r.scope(), "「" + text + "」");
            assertNotNull(r.error(), "「" + text + "」");
            assertTrue(r.error().contains("范围"), r.error());
        }
    }

    // ---------------------------------------------------------------- inactive groups and tier 1

    @Test
    void theTier1Group_cannotBeNamed_andIsNeverATarget() {
        for (String word : List.of("阿扎乡派出所信息发布群", "g-tier1")) {
            ScopeParser.Result r = ScopeParser.parse(word, matrix);
            assertNull(r.scope(), word);
            assertTrue(r.error().contains(word), r.error());
        }
        // even a scope built by hand that names it
        Scope handMade = new Scope(false, List.of(), List.of(), List.of("g-tier1", "g-deji"), "手写");
        assertEquals(List.of("g-deji"), ids(FanoutPlanner.targets(matrix, handMade)));
        assertFalse(ids(FanoutPlanner.township(matrix)).contains("g-tier1"));
    }

    @Test
    void inactiveGroups_areNeverTargets_andCannotBeNamed() {
        Matrix m = without(Set.of("g-zhangda-1", "g-parents-school"), Set.of());
        assertEquals(List.of("g-zhangda", "g-ent-transport", "g-parents-kinder"), targets("章达村", m));
        List<String> all = targets("全乡", m);
        assertEquals(12, all.size());
        assertFalse(all.contains("g-zhangda-1") || all.contains("g-parents-school"), all.toString());
        assertEquals(List.of("g-parents-kinder"), targets("家长群", m));

        ScopeParser.Result named = ScopeParser.parse("阿扎乡小学", m);
        assertNull(named.scope());
        assertTrue(named.error().contains("阿扎乡小学"), named.error());

        Scope handMade = new Scope(false, List.of(), List.of(), List.of("g-zhangda-1", "g-deji"), "手写");
        assertEquals(List.of("g-deji"), ids(FanoutPlanner.targets(m, handMade)));
        assertFalse(ids(FanoutPlanner.township(m)).contains("g-zhangda-1"));
    }

    @Test
    void anInactiveVillage_isNotAScopeWord() {
        Matrix m = without(Set.of(), Set.of("pare"));
        ScopeParser.Result r = ScopeParser.parse("帕热村", m);
        assertNull(r.scope());
        assertTrue(r.error().contains("帕热村"), r.error());
    }

    // ---------------------------------------------------------------- widening reaches

    @Test
    void theCountyReach_isTheTier1GroupAndEachCountyHeadInPrivate() {
        assertEquals(List.of("g-tier1", "dm:c-zhang", "dm:c-gesang"), ids(FanoutPlanner.county(matrix)));
    }

    @Test
    void newOnes_areTheChatsNotYetReached_inTheirOrder() {
        List<String> reached = List.of("g-zhangda", "g-zhangda-1", "g-ent-transport", "g-parents-school", "g-parents-kinder");
        List<String> fresh = FanoutPlanner.newOnes(FanoutPlanner.township(matrix), reached);
        assertEquals(List.of("g-azha", "g-deji", "g-pare", "g-xuega", "g-qionguo", "g-qionguo-2", "g-ent-gravel",
                "g-venue-market", "g-venue-teahouse"), fresh);
    }
}
