package zhijian.matrix.edit;

import zhijian.matrix.Address;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.GroupKind;
import zhijian.matrix.Matrix;
import zhijian.matrix.MatrixCheck;
import zhijian.matrix.MatrixProblem;
import zhijian.matrix.MatrixProblem.Subject;
import zhijian.matrix.MatrixProblem.Why;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.matrix.Station;
import zhijian.matrix.Tier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies one {@link MatrixEdit} to a matrix: the new matrix and what changed, or the reason it is refused. Every
 * result is checked by {@link MatrixCheck}, the same rules the seeds are loaded under.
 *
 * <p>Two changes carry what a station admin would expect along with them: a grid's new officer becomes the admin of
 * the grid's tier-2 groups the old officer administered, and a person put on a grid's staff list gets that grid in
 * their own grids (so the console shows them its tickets).
 *
 * <p>Deactivating is refused while the person still holds a post — chief, duty rota, mediation room, officer or
 * staff of a grid in use — naming each post to hand over first; a grid is not deactivated while it has groups in use.
 * Nobody deactivates themselves (the console would lock them out at once).
 */
public final class MatrixEditor {
    private MatrixEditor() {}

    /** Applies an edit made by {@code by} (a roster id). */
    public static Outcome apply(Matrix m, MatrixEdit edit, String by) {
        Outcome out;
        if (edit instanceof MatrixEdit.Person p) out = person(m, p);
        else if (edit instanceof MatrixEdit.Grid g) out = grid(m, g);
        else if (edit instanceof MatrixEdit.Group g) out = group(m, g);
        else if (edit instanceof MatrixEdit.Station s) out = station(m, s);
        else out = setActive(m, (MatrixEdit.SetActive) edit, by);
        if (out instanceof Outcome.Applied a) {
            var problem = MatrixCheck.firstProblem(a.matrix());
            if (problem.isPresent()) return new Outcome.Refused(problem.get());
        }
        return out;
    }

    private static Outcome.Refused refuse(Matrix m, MatrixEdit e, String field, String value, String zh, String en) {
        return refuse(m, e.subject(), e.id(), field, value, Why.INVALID, zh, en);
    }

    private static Outcome.Refused refuse(Matrix m, Subject s, String id, String field, String value, Why why, String zh, String en) {
        return new Outcome.Refused(MatrixProblem.about(m, s, id, field, value, why, zh, en));
    }

    private static <T> T or(T given, T kept) {
        return given != null ? given : kept;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /** A reference to something (a grid, a person) that may be left empty: an empty text is none. */
    private static String ref(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---------------------------------------------------------------- people

    private static Outcome person(Matrix m, MatrixEdit.Person e) {
        Member old = m.member(e.id()).orElse(null);
        if (old == null && e.name() == null) return refuse(m, e, "name", null, "新增人员要填姓名 name", "a new person needs a name");
        if (old == null && e.roles() == null) return refuse(m, e, "roles", null, "新增人员要填角色 roles", "a new person needs roles");
        Set<Role> roles = new LinkedHashSet<>();
        if (e.roles() != null) {
            for (String key : e.roles()) {
                Role r = Role.fromKey(key).orElse(null);
                if (r == null) {
                    List<String> known = Arrays.stream(Role.values()).map(Role::key).toList();
                    return refuse(m, e, "roles", key, "没有这个角色，可选：" + String.join("、", known),
                            "unknown role (known: " + String.join(", ", known) + ")");
                }
                roles.add(r);
            }
        } else {
            roles.addAll(old.roles());
        }
        if (e.wecom() != null && !e.wecom().isBlank() && e.bridge() != null && !e.bridge().isBlank()) {
            return refuse(m, e, "bridge", e.bridge(), "一个人只有一个私聊通道：wecom 或 bridge", "a person has one private channel: wecom or bridge");
        }
        Address dm = old == null ? null : old.dm();
        dm = address(dm, "wecom_app", strip(e.wecom()));
        dm = address(dm, "bridge", strip(e.bridge()));
        Member now = new Member(e.id(), or(strip(e.name()), old == null ? null : old.name()), roles,
                or(e.grids(), old == null ? List.of() : old.grids()), or(strip(e.note()), old == null ? "" : old.note()),
                old == null || old.active(), dm);
        if (now.equals(old)) return new Outcome.Unchanged("人员 " + now.name() + "（" + now.id() + "）没有变化");
        List<Member> people = replace(m.members(), Member::id, now);
        Matrix after = new Matrix(m.station(), m.grids(), m.groups(), people);
        return new Outcome.Applied(after, old == null
                ? "新增人员 " + now.name() + "（" + now.id() + "）：" + String.join("、", labels(now.roles()))
                : "修改人员 " + now.name() + "（" + now.id() + "）：" + diff(personFields(m, old), personFields(after, now)));
    }

    /** A given address field: a text sets it, an empty text removes an address of that channel, null keeps it. */
    private static Address address(Address current, String channel, String given) {
        if (given == null) return current;
        if (!given.isEmpty()) return new Address(channel, given);
        return current != null && current.channel().equals(channel) ? null : current;
    }

    private static Map<String, String> personFields(Matrix m, Member p) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", p.name());
        f.put("roles", String.join("、", labels(p.roles())));
        f.put("grids", names(p.grids(), id -> m.grid(id).map(Grid::name).orElse(id)));
        f.put("note", p.note());
        f.put(p.dm() == null ? "wecom" : MatrixCheck.addressField(p.dm()), p.dm() == null ? "" : p.dm().ref());
        return f;
    }

    private static List<String> labels(Set<Role> roles) {
        return roles.stream().sorted().map(Role::label).toList();
    }

    // ---------------------------------------------------------------- grids

    private static Outcome grid(Matrix m, MatrixEdit.Grid e) {
        Grid old = m.grid(e.id()).orElse(null);
        if (old == null && e.name() == null) return refuse(m, e, "name", null, "新增网格要填名称 name", "a new grid needs a name");
        if (old == null && e.officer() == null) {
            return refuse(m, e, "officer", null, "新增网格要填社区民警 officer", "a new grid needs its community officer");
        }
        Grid now = new Grid(e.id(), or(strip(e.name()), old == null ? null : old.name()), or(strip(e.officer()), old == null ? null : old.officer()),
                or(e.gridWorkers(), old == null ? List.of() : old.gridWorkers()),
                or(e.mediators(), old == null ? List.of() : old.mediators()),
                or(e.householdHeads(), old == null ? List.of() : old.householdHeads()), old == null || old.active());
        if (now.equals(old)) return new Outcome.Unchanged("网格「" + now.name() + "」没有变化");
        List<String> also = new ArrayList<>();
        // the grid's groups follow its officer: a tier-2 group's admin is always the grid's community officer
        List<Group> groups = new ArrayList<>();
        for (Group g : m.groups()) {
            if (old != null && now.id().equals(g.grid()) && !now.officer().equals(old.officer()) && old.officer().equals(g.admin())) {
                g = withAdmin(g, now.officer());
                also.add("群「" + g.name() + "」的管理员改为 " + m.nameOf(now.officer()));
            }
            groups.add(g);
        }
        // staff put on the grid's lists now cover it, so the console shows them its tickets
        List<Member> people = new ArrayList<>();
        Set<String> staff = new LinkedHashSet<>(now.gridWorkers());
        staff.addAll(now.mediators());
        staff.addAll(now.householdHeads());
        for (Member p : m.members()) {
            if (staff.contains(p.id()) && !p.grids().contains(now.id())) {
                List<String> grids = new ArrayList<>(p.grids());
                grids.add(now.id());
                p = new Member(p.id(), p.name(), p.roles(), grids, p.note(), p.active(), p.dm());
                also.add(p.name() + " 的 grids 加上 " + now.id());
            }
            people.add(p);
        }
        Matrix after = new Matrix(m.station(), replace(m.grids(), Grid::id, now), groups, people);
        String summary = old == null
                ? "新增网格「" + now.name() + "」(" + now.id() + ")：社区民警 " + m.nameOf(now.officer())
                : "修改网格「" + now.name() + "」(" + now.id() + ")：" + diff(gridFields(m, old), gridFields(after, now));
        return new Outcome.Applied(after, also.isEmpty() ? summary : summary + "；随之：" + String.join("；", also));
    }

    private static Group withAdmin(Group g, String admin) {
        List<String> members = new ArrayList<>(g.members());
        if (!members.contains(admin)) members.add(0, admin);
        return new Group(g.id(), g.name(), g.tier(), g.kind(), g.grid(), admin, members, g.channel(), g.channelRef(),
                g.active(), g.aliases());
    }

    private static Map<String, String> gridFields(Matrix m, Grid g) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", g.name());
        f.put("officer", m.nameOf(g.officer()));
        f.put("grid_workers", names(g.gridWorkers(), m::nameOf));
        f.put("mediators", names(g.mediators(), m::nameOf));
        f.put("household_heads", names(g.householdHeads(), m::nameOf));
        return f;
    }

    // ---------------------------------------------------------------- groups

    private static Outcome group(Matrix m, MatrixEdit.Group e) {
        Group old = m.groups().stream().filter(g -> g.id().equals(e.id())).findFirst().orElse(null);
        if (old == null && e.name() == null) return refuse(m, e, "name", null, "新增群要填群名 name", "a new group needs a name");
        Tier tier;
        if (e.tier() != null) {
            if (e.tier() != 1 && e.tier() != 2) {
                return refuse(m, e, "tier", String.valueOf(e.tier()), "tier 是 1（一级群）或 2（二级群）", "tier is 1 (publishing) or 2 (landing)");
            }
            tier = Tier.ofNumber(e.tier());
        } else if (old != null) {
            tier = old.tier();
        } else {
            return refuse(m, e, "tier", null, "新增群要填 tier：1（一级群）或 2（二级群）", "a new group needs a tier: 1 or 2");
        }
        GroupKind kind;
        if (e.kind() != null) {
            kind = GroupKind.fromKey(e.kind().strip()).filter(k -> k != GroupKind.PRIVATE).orElse(null);
            if (kind == null) {
                return refuse(m, e, "kind", e.kind(), "没有这个类型，可选：publishing（一级群）、village、enterprise、venue、parents",
                        "unknown kind (publishing, village, enterprise, venue, parents)");
            }
        } else if (old != null && (old.tier() == tier)) {
            kind = old.kind();
        } else if (tier == Tier.PUBLISHING) {
            kind = GroupKind.PUBLISHING;
        } else {
            return refuse(m, e, "kind", null, "二级群要填类型 kind：village、enterprise、venue 或 parents",
                    "a tier-2 group needs a kind: village, enterprise, venue or parents");
        }
        String grid = null, admin = null;
        if (tier == Tier.LANDING) {
            grid = e.grid() != null ? ref(e.grid()) : old == null ? null : old.grid();
            // not given: the grid's community officer, as in groups.yaml (the rules check a given one)
            String officer = grid == null ? null : m.grid(grid).map(Grid::officer).orElse(null);
            admin = or(ref(e.admin()), officer);
        } else if (ref(e.grid()) != null || ref(e.admin()) != null) {
            return refuse(m, e, ref(e.grid()) != null ? "grid" : "admin", or(ref(e.grid()), ref(e.admin())),
                    "一级群不属于哪个网格，也没有网格管理员", "a tier-1 group has no grid and no admin");
        }
        List<String> members = new ArrayList<>(or(e.members(), old == null ? List.of() : old.members()));
        if (admin != null && !members.contains(admin)) members.add(0, admin);
        String channel = or(strip(e.channel()), old == null ? zhijian.matrix.Channels.SIM : old.channel());
        String ref;
        if (e.channelRef() != null) ref = e.channelRef().isBlank() ? null : e.channelRef().strip();
        else ref = old != null && old.channel().equals(channel) ? old.channelRef() : null;   // a new channel: the old ref means nothing there
        Group now = new Group(e.id(), or(strip(e.name()), old == null ? null : old.name()), tier, kind, grid, admin, members,
                channel, ref, old == null || old.active(), or(e.aliases(), old == null ? List.of() : old.aliases()));
        if (now.equals(old)) return new Outcome.Unchanged("群「" + now.name() + "」没有变化");
        Matrix after = new Matrix(m.station(), m.grids(), replace(m.groups(), Group::id, now), m.members());
        return new Outcome.Applied(after, old == null
                ? "新增" + (tier == Tier.PUBLISHING ? "一级群" : "二级群") + "「" + now.name() + "」(" + now.id() + ")：" + kind.label()
                        + (grid == null ? "" : "，" + m.gridName(grid)) + "，通道 " + channel
                : "修改群「" + now.name() + "」(" + now.id() + ")：" + diff(groupFields(m, old), groupFields(after, now)));
    }

    private static Map<String, String> groupFields(Matrix m, Group g) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", g.name());
        f.put("tier", String.valueOf(g.tier().number()));
        f.put("kind", g.kind().label());
        f.put("grid", g.grid() == null ? "" : m.gridName(g.grid()));
        f.put("admin", g.admin() == null ? "" : m.nameOf(g.admin()));
        f.put("members", names(g.members(), m::nameOf));
        f.put("channel", g.channel());
        f.put("channel_ref", Objects.toString(g.channelRef(), ""));
        f.put("aliases", String.join("、", g.aliases()));
        return f;
    }

    // ---------------------------------------------------------------- the station's posts

    private static Outcome station(Matrix m, MatrixEdit.Station e) {
        Station s = m.station();
        Station now = new Station(s.county(), s.township(), s.name(), s.ticketPrefix(), s.zone(), s.botId(), s.botName(),
                s.botAliases(), or(strip(e.chief()), s.chief()), or(e.dutyRota(), s.dutyRota()),
                or(e.mediationRoom(), s.mediationRoom()), s.hotlineNote());
        if (now.equals(s)) return new Outcome.Unchanged("派出所设置没有变化");
        Map<String, String> before = stationFields(m, s), after = stationFields(m, now);
        return new Outcome.Applied(new Matrix(now, m.grids(), m.groups(), m.members()), "修改派出所设置：" + diff(before, after));
    }

    private static Map<String, String> stationFields(Matrix m, Station s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("chief", m.nameOf(s.chief()));
        f.put("duty_rota", names(s.dutyRota(), m::nameOf));
        f.put("mediation_room", names(s.mediationRoom(), m::nameOf));
        return f;
    }

    // ---------------------------------------------------------------- deactivate, reactivate

    private static Outcome setActive(Matrix m, MatrixEdit.SetActive e, String by) {
        String verb = e.active() ? "启用" : "停用";
        switch (e.subject()) {
            case PERSON -> {
                Member p = m.member(e.id()).orElse(null);
                if (p == null) return notFound(m, e);
                if (p.active() == e.active()) return new Outcome.Unchanged(p.name() + " 已经是" + verb + "状态");
                if (!e.active()) {
                    if (p.id().equals(by)) {
                        return refuse(m, e, "active", null, "不能停用自己（停用后立刻不能再登录工作台），请另一位管理员或所长操作",
                                "nobody deactivates themselves: ask another admin or the chief");
                    }
                    List<String> posts = MatrixCheck.postsOf(m, p.id());
                    if (!posts.isEmpty()) {
                        return refuse(m, Subject.PERSON, p.id(), "active", null, Why.IN_USE,
                                "还担任 " + String.join("；", posts) + "。请先在这些地方换人，再停用",
                                "still holds posts: hand them over first");
                    }
                }
                Member now = new Member(p.id(), p.name(), p.roles(), p.grids(), p.note(), e.active(), p.dm());
                return new Outcome.Applied(new Matrix(m.station(), m.grids(), m.groups(), replace(m.members(), Member::id, now)),
                        verb + "人员 " + p.name() + "（" + p.id() + "）");
            }
            case GRID -> {
                Grid g = m.grid(e.id()).orElse(null);
                if (g == null) return notFound(m, e);
                if (g.active() == e.active()) return new Outcome.Unchanged("网格「" + g.name() + "」已经是" + verb + "状态");
                if (!e.active()) {
                    List<String> inUse = m.groups().stream().filter(x -> x.active() && g.id().equals(x.grid())).map(Group::name).toList();
                    if (!inUse.isEmpty()) {
                        return refuse(m, Subject.GRID, g.id(), "active", null, Why.IN_USE,
                                "还有在用的群：" + String.join("、", inUse) + "。请先停用这些群，或把它们移到别的网格",
                                "groups in use belong to this grid: deactivate or move them first");
                    }
                }
                Grid now = new Grid(g.id(), g.name(), g.officer(), g.gridWorkers(), g.mediators(), g.householdHeads(), e.active());
                return new Outcome.Applied(new Matrix(m.station(), replace(m.grids(), Grid::id, now), m.groups(), m.members()),
                        verb + "网格「" + g.name() + "」(" + g.id() + ")");
            }
            case GROUP -> {
                Group g = m.groups().stream().filter(x -> x.id().equals(e.id())).findFirst().orElse(null);
                if (g == null) return notFound(m, e);
                if (g.active() == e.active()) return new Outcome.Unchanged("群「" + g.name() + "」已经是" + verb + "状态");
                Group now = new Group(g.id(), g.name(), g.tier(), g.kind(), g.grid(), g.admin(), g.members(), g.channel(),
                        g.channelRef(), e.active(), g.aliases());
                return new Outcome.Applied(new Matrix(m.station(), m.grids(), replace(m.groups(), Group::id, now), m.members()),
                        verb + "群「" + g.name() + "」(" + g.id() + ")");
            }
            default -> throw new IllegalArgumentException("the station is not deactivated: " + e);
        }
    }

    private static Outcome notFound(Matrix m, MatrixEdit e) {
        return refuse(m, e.subject(), e.id(), null, e.id(), Why.NOT_FOUND, "没有这个" + e.subject().label(),
                "no such " + e.subject().key() + " id");
    }

    // ---------------------------------------------------------------- helpers

    /** The list with the item of the same id replaced in place, or the item added at the end. */
    private static <T> List<T> replace(java.util.Collection<T> items, Function<T, String> id, T item) {
        List<T> out = new ArrayList<>();
        boolean found = false;
        for (T t : items) {
            if (id.apply(t).equals(id.apply(item))) {
                out.add(item);
                found = true;
            } else {
                out.add(t);
            }
        }
        if (!found) out.add(item);
        return out;
    }

    private static String names(List<String> ids, Function<String, String> name) {
        return String.join("、", ids.stream().map(name).toList());
    }

    /** "officer 扎西平措 → 拉姆；grid_workers （空） → 次旦" for the fields that differ. */
    private static String diff(Map<String, String> before, Map<String, String> after) {
        List<String> parts = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String a = before.getOrDefault(k, ""), b = after.getOrDefault(k, "");
            if (!a.equals(b)) parts.add(k + " " + (a.isEmpty() ? "（空）" : a) + " → " + (b.isEmpty() ? "（空）" : b));
        }
        return parts.isEmpty() ? "（有变化）" : String.join("；", parts);
    }
}
