package zhijian.seed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zhijian.catalog.Direction;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.GroupKind;
import zhijian.matrix.Matrix;
import zhijian.matrix.Role;
import zhijian.matrix.Tier;
import zhijian.testing.RealSeeds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedLoaderTest {

    @Test
    void realSeeds_holdTheAzhaMatrix() {
        Matrix m = RealSeeds.get().matrix();
        assertEquals("阿扎乡", m.station().township());
        assertEquals("扎囊县", m.station().county());
        assertTrue(m.grids().size() >= 6, "at least 6 villages as grids");
        assertTrue(m.grids().stream().anyMatch(g -> g.name().equals("章达村")), "章达村 is a grid");
        assertEquals(1, m.groups().stream().filter(g -> g.tier() == Tier.PUBLISHING).count(), "one tier-1 group");
        long tier2 = m.groups().stream().filter(g -> g.tier() == Tier.LANDING).count();
        assertTrue(tier2 >= 12, "at least 12 tier-2 groups, found " + tier2);
        Set<GroupKind> kinds = m.groups().stream().filter(g -> g.tier() == Tier.LANDING).map(Group::kind)
                .collect(Collectors.toSet());
        assertEquals(EnumSet.of(GroupKind.VILLAGE, GroupKind.ENTERPRISE, GroupKind.VENUE, GroupKind.PARENTS), kinds);
    }

    @Test
    void realSeeds_everyGridHasItsOfficerAsAdminOfItsGroups() {
        Matrix m = RealSeeds.get().matrix();
        for (Grid g : m.grids()) {
            assertTrue(m.member(g.officer()).orElseThrow().has(Role.COMMUNITY_OFFICER), g.name());
        }
        for (Group g : m.groups()) {
            if (g.tier() != Tier.LANDING) continue;
            String officer = m.grid(g.grid()).orElseThrow().officer();
            assertEquals(officer, g.admin(), g.name() + " is administered by its grid's community officer");
            assertTrue(g.members().contains(officer), g.name() + " has its admin as member");
        }
    }

    @Test
    void realSeeds_rosterHasEveryRole() {
        Matrix m = RealSeeds.get().matrix();
        for (Role r : Role.values()) {
            assertTrue(!m.withRole(r).isEmpty(), "someone is " + r.label());
        }
        assertTrue(m.member(m.station().chief()).orElseThrow().has(Role.CHIEF));
    }

    @Test
    void realSeeds_catalogHasTheFifteenServiceItems() {
        var catalog = RealSeeds.get().rules().catalog();
        assertEquals(15, catalog.items().size());
        assertEquals(8, catalog.items(Direction.OUT).size());
        assertEquals(7, catalog.items(Direction.IN).size());
        assertEquals("矛盾纠纷", catalog.nameOf("dispute"));
        assertEquals("反电诈预警", catalog.nameOf("antifraud"));
    }

    // ---- a bad seed file stops start-up, naming file, line and value

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "roster.yaml  | 'roles: [chief],'                 | 'roles: [boss],'                 | roster.yaml:9:  | boss",
            "groups.yaml  | 'grid: deji'                       | 'grid: nowhere'                  | groups.yaml:    | nowhere",
            "routes.yaml  | 'category: consult'                | 'category: gossip'               | routes.yaml:8:  | gossip",
            "routes.yaml  | 'sign_within: 4h'                  | 'sign_within: soon'              | routes.yaml:10: | soon",
            "lexicon.yaml | 'min_score: 2'                      | 'min_score: two'                 | lexicon.yaml:   | two",
            "grids.yaml   | 'officer: p-lhamo'                 | 'officer: r-ciren'               | grids.yaml:     | r-ciren",
            "station.yaml | 'ticket_prefix: AZ'                 | 'ticket_prefix: az-1'            | station.yaml:   | az-1",
            "appointments.yaml | 'capacity: 4'                 | 'capacity: 0'                    | appointments.yaml: | 0",
    })
    void badValue_isReportedWithFileLineAndValue(String file, String from, String to, String where, String value,
                                                @TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Path f = dir.resolve(file);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), "test setup: " + file + " contains " + from);
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from), to), StandardCharsets.UTF_8);

        SeedException e = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        assertTrue(e.getMessage().startsWith("seeds/" + where.strip()), e.getMessage());
        assertTrue(e.line() > 0, "a line number: " + e.getMessage());
        assertTrue(e.getMessage().contains(value.strip()), "names the value: " + e.getMessage());
    }

    @Test
    void badRegex_inLexicon_isReportedWithItsLine(@TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Path f = dir.resolve("lexicon.yaml");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Files.writeString(f, text.replaceFirst("      救命: 5", "      \"re:(救命\": 5"), StandardCharsets.UTF_8);
        SeedException e = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        assertTrue(e.getMessage().contains("lexicon.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("re:(救命"), e.getMessage());
        assertTrue(e.getMessage().contains("regular expression"), e.getMessage());
    }

    @Test
    void missingFile_andBrokenYaml_areReported(@TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Files.delete(dir.resolve("faq.yaml"));
        SeedException missing = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        assertTrue(missing.getMessage().contains("faq.yaml") && missing.getMessage().contains("missing"), missing.getMessage());

        Path dir2 = copySeeds(tmp.resolve("second"));
        Files.writeString(dir2.resolve("routes.yaml"), "routes:\n  - category: [consult\n", StandardCharsets.UTF_8);
        SeedException broken = assertThrows(SeedException.class, () -> SeedLoader.load(dir2));
        assertTrue(broken.getMessage().startsWith("seeds/routes.yaml:"), broken.getMessage());
        assertTrue(broken.getMessage().contains("not valid YAML"), broken.getMessage());
    }

    @Test
    void duplicateIds_areRefused(@TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Path f = dir.resolve("grids.yaml");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Files.writeString(f, text.replace("  - id: azha", "  - id: zhangda"), StandardCharsets.UTF_8);
        SeedException e = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        assertTrue(e.getMessage().contains("duplicate grid id") && e.getMessage().contains("zhangda"), e.getMessage());
    }

    @Test
    void everyTicketCategory_needsARouteForAllGrids(@TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Path f = dir.resolve("routes.yaml");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Files.writeString(f, text.replace("  - category: clue\n", "  - grid: zhangda\n    category: clue\n"), StandardCharsets.UTF_8);
        SeedException e = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        assertTrue(e.getMessage().contains("no route for every grid for category 'clue'"), e.getMessage());
    }

    private static Path copySeeds(Path tmp) throws IOException {
        Path dir = tmp.resolve("seeds");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(RealSeeds.dir())) {
            for (Path p : files.toList()) if (Files.isRegularFile(p)) Files.copy(p, dir.resolve(p.getFileName()));
        }
        return dir;
    }

    @Test
    void aDeactivatedPerson_stillOnAGridsList_isReportedAtThatListEntry(@TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Path f = dir.resolve("roster.yaml");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        String line = "roles: [grid_worker],    grids: [zhangda], wecom: CiDan}";
        assertTrue(text.contains(line), "test setup");
        Files.writeString(f, text.replace(line, line.replace("}", ", active: false}")), StandardCharsets.UTF_8);
        SeedException e = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        int listLine = Files.readAllLines(dir.resolve("grids.yaml")).indexOf("    grid_workers: [v-zd-gw]") + 1;
        assertEquals("seeds/grids.yaml:" + listLine + ": 次旦 is deactivated: a post in use needs someone active (value: 'v-zd-gw')",
                e.getMessage());
    }

    @Test
    void staff_cannotBeBoundToTheBridge_aNicknameProvesNothing(@TempDir Path tmp) throws IOException {
        Path dir = copySeeds(tmp);
        Path f = dir.resolve("roster.yaml");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.contains("roles: [household_head], grids: [zhangda]}"), "test setup");
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote("roles: [household_head], grids: [zhangda]}"),
                "roles: [household_head], grids: [zhangda], bridge: 边巴}"), StandardCharsets.UTF_8);
        SeedException e = assertThrows(SeedException.class, () -> SeedLoader.load(dir));
        assertTrue(e.getMessage().contains("roster.yaml") && e.getMessage().contains("边巴") && e.getMessage().contains("wecom"), e.getMessage());
    }
}
