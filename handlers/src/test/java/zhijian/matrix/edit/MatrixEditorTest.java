package zhijian.matrix.edit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import zhijian.broadcast.FanoutPlanner;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.MatrixCheck;
import zhijian.matrix.MatrixProblem;
import zhijian.matrix.MatrixProblem.Subject;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.routing.Assignees;
import zhijian.testing.RealSeeds;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixEditorTest {
    private static final String ADMIN = "p-admin";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    private static Matrix seeds() {
        return RealSeeds.get().matrix();
    }

    private static Matrix applied(Matrix m, MatrixEdit e) {
        Outcome o = MatrixEditor.apply(m, e, ADMIN);
        assertInstanceOf(Outcome.Applied.class, o, () -> "applied: " + o);
        return ((Outcome.Applied) o).matrix();
    }

    private static MatrixProblem refused(Matrix m, MatrixEdit e) {
        Outcome o = MatrixEditor.apply(m, e, ADMIN);
        assertInstanceOf(Outcome.Refused.class, o, () -> "refused: " + o);
        return ((Outcome.Refused) o).problem();
    }

    private static MatrixEdit.Person person(String id, String name, List<String> roles, List<String> grids) {
        return new MatrixEdit.Person(id, name, roles, grids, null, null, null);
    }

    private static MatrixEdit.Grid gridWorkers(String grid, List<String> workers) {
        return new MatrixEdit.Grid(grid, null, null, workers, null, null);
    }

    private static MatrixEdit.Group group(String id, String name, Integer tier, String kind, String grid) {
        return new MatrixEdit.Group(id, name, tier, kind, grid, null, null, null, null, null);
    }

    private static MatrixEdit.SetActive deactivate(Subject s, String id) {
        return new MatrixEdit.SetActive(s, id, false);
    }

    @Test
    void realSeeds_keepEveryMatrixRule() {
        assertEquals(Optional.empty(), MatrixCheck.firstProblem(seeds()));
    }

    @Test
    void newGridWorker_putFirstOnTheGrid_isWhoAHazardGoesTo() {
        Matrix m = applied(seeds(), person("v-zd-gw2", "格桑", List.of("grid_worker"), List.of()));
        m = applied(m, gridWorkers("zhangda", List.of("v-zd-gw2", "v-zd-gw")));

        assertEquals(Optional.of("v-zd-gw2"), Assignees.resolve(Role.GRID_WORKER, "zhangda", m, DAY));
        assertEquals(List.of("zhangda"), m.member("v-zd-gw2").orElseThrow().grids(), "on the grid's list: covers the grid");
        assertEquals(Optional.of("v-zd-gw"), Assignees.resolve(Role.GRID_WORKER, "zhangda", seeds(), DAY),
                "the matrix edited is a new one; the old one is as it was");
    }

    @Test
    void newTier2Group_hasItsGridsOfficerAsAdmin_andIsInTheTownshipsBroadcasts() {
        Outcome o = MatrixEditor.apply(seeds(), group("g-zhangda-3", "章达村三组群", 2, "village", "zhangda"), ADMIN);
        Matrix m = ((Outcome.Applied) o).matrix();
        Group g = m.chat("g-zhangda-3").orElseThrow();
        assertEquals("p-tashi", g.admin());
        assertEquals(List.of("p-tashi"), g.members());
        assertEquals("sim", g.channel());
        assertTrue(FanoutPlanner.township(m).contains(g));
        assertTrue(((Outcome.Applied) o).summary().contains("新增二级群「章达村三组群」"), ((Outcome.Applied) o).summary());
    }

    @Test
    void newOfficerOfAGrid_becomesAdminOfItsGroups() {
        Outcome o = MatrixEditor.apply(seeds(), new MatrixEdit.Grid("deji", null, "p-norbu", null, null, null), ADMIN);
        Matrix m = ((Outcome.Applied) o).matrix();
        for (Group g : m.groups()) {
            if ("deji".equals(g.grid())) {
                assertEquals("p-norbu", g.admin(), g.name());
                assertTrue(g.members().contains("p-norbu"), g.name());
            }
        }
        String summary = ((Outcome.Applied) o).summary();
        assertTrue(summary.contains("officer 拉姆 → 罗布") && summary.contains("德吉村村民群」的管理员改为 罗布"), summary);
    }

    @Test
    void groupMovedToAnotherChannel_dropsTheOldChannelsRef() {
        Matrix m = applied(seeds(), new MatrixEdit.Group("g-ent-transport", null, null, null, null, null, null, "bridge", null, null));
        Group g = m.chat("g-ent-transport").orElseThrow();
        assertEquals("bridge", g.channel());
        assertEquals(null, g.channelRef());
    }

    @Test
    void personChanged_onlyTheFieldsGiven_andTheLogSaysWhat() {
        Outcome o = MatrixEditor.apply(seeds(), new MatrixEdit.Person("v-zd-med", null, null, null, "村委会副主任", "BaiMa", null), ADMIN);
        Member p = ((Outcome.Applied) o).matrix().member("v-zd-med").orElseThrow();
        assertEquals("白玛", p.name());
        assertEquals(java.util.Set.of(Role.MEDIATOR), p.roles());
        assertEquals("wecom_app", p.reach().channel());
        assertEquals("BaiMa", p.reach().ref());
        String summary = ((Outcome.Applied) o).summary();
        assertTrue(summary.startsWith("修改人员 白玛（v-zd-med）") && summary.contains("wecom （空） → BaiMa"), summary);

        Outcome again = MatrixEditor.apply(((Outcome.Applied) o).matrix(),
                new MatrixEdit.Person("v-zd-med", "白玛", null, null, null, null, null), ADMIN);
        assertInstanceOf(Outcome.Unchanged.class, again);
    }

    static Stream<Arguments> badEdits() {
        return Stream.of(
                Arguments.of(new MatrixEdit.Grid("deji", null, "r-ciren", null, null, null), "grids.deji.officer", "r-ciren", "没有「社区民警」角色"),
                Arguments.of(group("g-x", "某群", 2, "village", "nowhere"), "groups.g-x.grid", "nowhere", "没有这个网格"),
                Arguments.of(group("g-x", "某群", 3, "village", "deji"), "groups.g-x.tier", "3", "tier 是 1"),
                Arguments.of(group("g-x", "某群", 2, "school", "deji"), "groups.g-x.kind", "school", "没有这个类型"),
                Arguments.of(group("g-x", "某群", 2, null, "deji"), "groups.g-x.kind", null, "二级群要填类型"),
                Arguments.of(group("g-x", "德吉村村民群", 2, "village", "deji"), "groups.g-x.name", "德吉村村民群", "重名"),
                Arguments.of(group("g-x", "某群", 1, "village", null), "groups.g-x.kind", "village", "一级群的类型是 publishing"),
                Arguments.of(new MatrixEdit.Group("g-x", "某群", 2, "village", "zhangda", "p-lhamo", null, null, null, null),
                        "groups.g-x.admin", "p-lhamo", "扎西平措"),
                Arguments.of(new MatrixEdit.Group("g-x", "某群", 2, "village", "deji", null, List.of("nobody"), null, null, null),
                        "groups.g-x.members", "nobody", "花名册里没有"),
                Arguments.of(new MatrixEdit.Group("g-x", "某群", 2, "village", "deji", null, null, "wecom_robot", "the-key-itself", null),
                        "groups.g-x.channel_ref", "the-key-itself", "环境变量名"),
                Arguments.of(new MatrixEdit.Group("g-x", "某群", 2, "village", "deji", null, null, "wechat", null, null),
                        "groups.g-x.channel", "wechat", "没有这个通道"),
                Arguments.of(new MatrixEdit.Group("g-x", "某群", 2, "village", "deji", null, null, "wecom_customer_group", "wrAZteahouse00001", null),
                        "groups.g-x.channel_ref", "wrAZteahouse00001", "同一个群"),
                Arguments.of(person("v-new", "新人", List.of("boss"), List.of()), "people.v-new.roles", "boss", "没有这个角色"),
                Arguments.of(person("V New", "新人", List.of("grid_worker"), List.of()), "people.V New.id", "V New", "小写字母"),
                Arguments.of(person("v-new", "新人", List.of("grid_worker"), List.of("nowhere")), "people.v-new.grids", "nowhere", "没有这个网格"),
                Arguments.of(person("v-new", null, List.of("grid_worker"), List.of()), "people.v-new.name", null, "要填姓名"),
                Arguments.of(new MatrixEdit.Person("v-new", "新人", List.of("grid_worker"), List.of(), null, null, "新人微信"),
                        "people.v-new.bridge", "新人微信", "桥接"),
                Arguments.of(new MatrixEdit.Person("v-new", "新人", List.of("resident"), List.of(), null, "LaMu", null),
                        "people.v-new.wecom", "LaMu", "和 拉姆（p-lhamo） 的账号相同"),
                Arguments.of(new MatrixEdit.Person("p-tashi", null, List.of("officer"), null, null, null, null),
                        "grids.zhangda.officer", "p-tashi", "扎西平措（p-tashi） 没有「社区民警」角色"),
                Arguments.of(new MatrixEdit.Station(null, List.of("p-duoji", "p-tashi"), null), "station.duty_rota", "p-tashi", "没有「值班民警」角色"),
                Arguments.of(new MatrixEdit.Station("p-admin", null, null), "station.chief", "p-admin", "没有「所长」角色"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badEdits")
    void badEdit_isRefused_namingTheFieldAndValue(MatrixEdit edit, String where, String value, String says) {
        MatrixProblem p = refused(seeds(), edit);
        assertEquals(where, p.where(), p.message());
        assertEquals(value, p.value(), p.message());
        assertTrue(p.zh().contains(says), p.zh());
        assertTrue(p.message().contains(p.zh()) && p.message().contains(where), p.message());
    }

    // ---- deactivation: never a removal; refused while the person still holds a post

    @Test
    void deactivatedResident_staysInTheMatrix_withTheirName() {
        Matrix m = applied(seeds(), deactivate(Subject.PERSON, "r-ciren"));
        Member p = m.member("r-ciren").orElseThrow();
        assertFalse(p.active());
        assertEquals("次仁", m.nameOf("r-ciren"));
    }

    @Test
    void deactivating_someoneWithPosts_isRefused_namingEachPost() {
        MatrixProblem officer = refused(seeds(), deactivate(Subject.PERSON, "p-tashi"));
        assertEquals(MatrixProblem.Why.IN_USE, officer.why());
        assertTrue(officer.zh().contains("章达村的社区民警") && officer.zh().contains("阿扎村的社区民警")
                && officer.zh().contains("请先在这些地方换人"), officer.zh());
        assertTrue(refused(seeds(), deactivate(Subject.PERSON, "v-zd-gw")).zh().contains("章达村的网格员（网格 zhangda 的 grid_workers）"));
        assertTrue(refused(seeds(), deactivate(Subject.PERSON, "p-wang")).zh().contains("所长（派出所设置 chief）"));
        assertTrue(refused(seeds(), deactivate(Subject.PERSON, "p-duoji")).zh().contains("值班轮换"));
        assertTrue(refused(seeds(), deactivate(Subject.PERSON, "p-med-room")).zh().contains("乡调解室"));
    }

    @Test
    void gridWorker_takenOffTheGridFirst_canBeDeactivated_andThenCannotBePutBack() {
        Matrix m = applied(seeds(), gridWorkers("zhangda", List.of()));
        m = applied(m, deactivate(Subject.PERSON, "v-zd-gw"));
        assertEquals(Optional.empty(), Assignees.resolve(Role.GRID_WORKER, "zhangda", m, DAY));

        MatrixProblem p = refused(m, gridWorkers("zhangda", List.of("v-zd-gw")));
        assertEquals("grids.zhangda.grid_workers", p.where());
        assertTrue(p.zh().contains("已停用"), p.zh());

        m = applied(m, new MatrixEdit.SetActive(Subject.PERSON, "v-zd-gw", true));
        applied(m, gridWorkers("zhangda", List.of("v-zd-gw")));
    }

    @Test
    void nobodyDeactivatesThemselves() {
        Outcome o = MatrixEditor.apply(seeds(), deactivate(Subject.PERSON, "p-admin"), "p-admin");
        assertTrue(((Outcome.Refused) o).problem().zh().contains("不能停用自己"));
        assertInstanceOf(Outcome.Applied.class, MatrixEditor.apply(seeds(), deactivate(Subject.PERSON, "p-admin"), "p-wang"),
                "the chief may");
    }

    @Test
    void unknownId_isNotFound_andWhatIsSoAlready_isUnchanged() {
        assertEquals(MatrixProblem.Why.NOT_FOUND, refused(seeds(), deactivate(Subject.GROUP, "g-nowhere")).why());
        assertInstanceOf(Outcome.Unchanged.class, MatrixEditor.apply(seeds(), new MatrixEdit.SetActive(Subject.PERSON, "r-ciren", true), ADMIN));
    }

    @Test
    void grid_isDeactivatedOnlyOnceItsGroupsAre_andTheirReactivationWaitsForIt() {
        MatrixProblem p = refused(seeds(), deactivate(Subject.GRID, "deji"));
        assertTrue(p.zh().contains("德吉村村民群") && p.zh().contains("德吉村茶馆民宿群"), p.zh());

        Matrix m = applied(seeds(), deactivate(Subject.GROUP, "g-deji"));
        m = applied(m, deactivate(Subject.GROUP, "g-venue-teahouse"));
        m = applied(m, deactivate(Subject.GRID, "deji"));
        assertFalse(m.grid("deji").orElseThrow().active());
        assertTrue(FanoutPlanner.township(m).stream().noneMatch(g -> "deji".equals(g.grid())));

        MatrixProblem back = refused(m, new MatrixEdit.SetActive(Subject.GROUP, "g-deji", true));
        assertEquals("groups.g-deji.grid", back.where());
        assertTrue(back.zh().contains("网格「德吉村」已停用"), back.zh());
    }

    @Test
    void theLastTier1Group_isNotDeactivated() {
        MatrixProblem p = refused(seeds(), deactivate(Subject.GROUP, "g-tier1"));
        assertTrue(p.zh().contains("至少要有一个在用的一级群"), p.zh());
    }
}
