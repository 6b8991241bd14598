package zhijian.matrix;

import zhijian.matrix.MatrixProblem.Subject;
import zhijian.matrix.MatrixProblem.Why;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules every matrix must keep, whether it comes from {@code seeds/} or from an edit on the console: ids,
 * who may hold which post (a grid's officer is a community officer, the rota holds duty officers …), that posts of
 * things in use are held by people in use, where groups belong and how they are bound to their channel. The first
 * broken rule is returned; the seed loader adds the file and line, the console shows the Chinese sentence.
 */
public final class MatrixCheck {
    /** Ids of people, grids, groups (and of other seed items): lower-case letters, digits, '-' and '_'. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ROBOT_KEY_VAR = Pattern.compile("ZJ_ROBOT_KEY_[A-Z0-9_]{1,40}");

    private final Matrix m;

    private MatrixCheck(Matrix m) {
        this.m = m;
    }

    /** The first rule the matrix breaks; empty when it keeps them all. */
    public static Optional<MatrixProblem> firstProblem(Matrix matrix) {
        try {
            MatrixCheck c = new MatrixCheck(matrix);
            c.people();
            c.grids();
            c.station();
            c.groups();
            return Optional.empty();
        } catch (Found f) {
            return Optional.of(f.problem);
        }
    }

    /** The field name a person's private address is written under (seeds and console alike). */
    public static String addressField(Address a) {
        return switch (a.channel()) {
            case "wecom_app" -> "wecom";
            default -> a.channel();
        };
    }

    private static final class Found extends RuntimeException {
        final transient MatrixProblem problem;

        Found(MatrixProblem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }

    private Found fail(Subject s, String id, String field, String value, String zh, String en) {
        return new Found(MatrixProblem.about(m, s, id, field, value, Why.INVALID, zh, en));
    }

    private String who(String personId) {
        return m.member(personId).map(p -> p.name() + "（" + personId + "）").orElse(personId);
    }

    private void checkId(Subject s, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw fail(s, id, "id", id, "id 只能用小写字母、数字、- 和 _，以字母或数字开头",
                    "ids are lower-case letters, digits, '-' and '_'");
        }
    }

    private void checkName(Subject s, String id, String name) {
        if (name == null || name.isBlank()) throw fail(s, id, "name", name, "名称不能为空", "a name is needed");
    }

    /** The person holding a post exists, has the post's role, and — for a post of something in use — is in use. */
    private void holder(Subject s, String id, String field, String personId, Role role, boolean inUse) {
        Member p = m.member(personId).orElse(null);
        if (p == null) throw fail(s, id, field, personId, "花名册里没有这个人", "unknown person (not in the roster)");
        if (!p.has(role)) {
            throw fail(s, id, field, personId, who(personId) + " 没有「" + role.label() + "」角色",
                    p.name() + " does not have the role " + role.key() + " in the roster");
        }
        if (inUse && !p.active()) {
            throw fail(s, id, field, personId, who(personId) + " 已停用，请换一位在岗的" + role.label(),
                    p.name() + " is deactivated: a post in use needs someone active");
        }
    }

    // ---------------------------------------------------------------- people

    private void people() {
        Map<Address, String> seen = new HashMap<>();
        for (Member p : m.members()) {
            checkId(Subject.PERSON, p.id());
            checkName(Subject.PERSON, p.id(), p.name());
            if (p.roles().isEmpty()) throw fail(Subject.PERSON, p.id(), "roles", null, "至少要有一个角色", "a person needs at least one role");
            for (String g : p.grids()) {
                if (m.grid(g).isEmpty()) throw fail(Subject.PERSON, p.id(), "grids", g, "没有这个网格", "unknown grid");
            }
            if (p.dm() == null) continue;
            String field = addressField(p.dm());
            if (!p.dm().verified() && p.roles().stream().anyMatch(Role::isStaff)) {
                throw fail(Subject.PERSON, p.id(), field, p.dm().ref(),
                        "工作人员不能经个人微信桥接联系（昵称谁都能改，证明不了身份），请填企业微信账号 wecom",
                        "staff cannot be reached through the personal-WeChat bridge (a nickname proves nothing): give them a wecom userid");
            }
            String other = seen.putIfAbsent(p.dm(), p.id());
            if (other != null) {
                throw fail(Subject.PERSON, p.id(), field, p.dm().ref(), "和 " + who(other) + " 的账号相同",
                        p.name() + " has the same " + p.dm().channel() + " id as " + other);
            }
        }
    }

    // ---------------------------------------------------------------- grids

    private void grids() {
        if (m.grids().isEmpty()) throw fail(Subject.GRID, null, null, null, "至少要有一个网格", "there are no grids");
        for (Grid g : m.grids()) {
            checkId(Subject.GRID, g.id());
            checkName(Subject.GRID, g.id(), g.name());
            holder(Subject.GRID, g.id(), "officer", g.officer(), Role.COMMUNITY_OFFICER, g.active());
            for (String p : g.gridWorkers()) holder(Subject.GRID, g.id(), "grid_workers", p, Role.GRID_WORKER, g.active());
            for (String p : g.mediators()) holder(Subject.GRID, g.id(), "mediators", p, Role.MEDIATOR, g.active());
            for (String p : g.householdHeads()) holder(Subject.GRID, g.id(), "household_heads", p, Role.HOUSEHOLD_HEAD, g.active());
        }
    }

    // ---------------------------------------------------------------- station

    private void station() {
        Station s = m.station();
        if (m.member(s.botId()).isPresent()) {
            throw fail(Subject.STATION, null, "bot.id", s.botId(), "机器人的 id 和一个人员的 id 相同", "the bot's id is also a person's id");
        }
        holder(Subject.STATION, null, "chief", s.chief(), Role.CHIEF, true);
        if (s.dutyRota().isEmpty()) {
            throw fail(Subject.STATION, null, "duty_rota", null, "值班轮换里至少要有一名值班民警",
                    "the duty rota needs at least one duty officer");
        }
        for (String p : s.dutyRota()) holder(Subject.STATION, null, "duty_rota", p, Role.DUTY_OFFICER, true);
        for (String p : s.mediationRoom()) holder(Subject.STATION, null, "mediation_room", p, Role.MEDIATOR, true);
    }

    // ---------------------------------------------------------------- groups

    private void groups() {
        Map<String, String> names = new HashMap<>(), refs = new HashMap<>();
        boolean tierOne = false;
        for (Group g : m.groups()) {
            checkId(Subject.GROUP, g.id());
            checkName(Subject.GROUP, g.id(), g.name());
            String sameName = names.putIfAbsent(g.name(), g.id());
            if (sameName != null) {
                throw fail(Subject.GROUP, g.id(), "name", g.name(), "和群 " + sameName + " 重名",
                        "another group has this name: " + sameName);
            }
            if (g.tier() == Tier.PRIVATE || g.tier() == null) {
                throw fail(Subject.GROUP, g.id(), "tier", String.valueOf(g.tier()), "tier 是 1（一级群）或 2（二级群）",
                        "tier is 1 (publishing) or 2 (landing)");
            }
            if (g.kind() == GroupKind.PRIVATE || g.kind() == null
                    || (g.tier() == Tier.PUBLISHING) != (g.kind() == GroupKind.PUBLISHING)) {
                throw fail(Subject.GROUP, g.id(), "kind", g.kind() == null ? null : g.kind().key(),
                        "一级群的类型是 publishing，也只有一级群是；二级群是 village、enterprise、venue 或 parents",
                        "a tier-1 group is of kind publishing, and only a tier-1 group is");
            }
            if (g.tier() == Tier.LANDING) landing(g);
            else if (g.grid() != null || g.admin() != null) {
                throw fail(Subject.GROUP, g.id(), "grid", g.grid(), "一级群不属于哪个网格，也没有网格管理员",
                        "a tier-1 group has no grid and no admin");
            }
            binding(g);
            for (String p : g.members()) {
                if (m.member(p).isEmpty()) throw fail(Subject.GROUP, g.id(), "members", p, "花名册里没有这个人", "unknown person (not in the roster)");
            }
            if (g.channelRef() != null) {
                String sameRef = refs.putIfAbsent(g.channel() + "|" + g.channelRef(), g.id());
                if (sameRef != null) {
                    throw fail(Subject.GROUP, g.id(), "channel_ref", g.channelRef(), "和群 " + sameRef + " 绑定的是同一个群",
                            "another group on this channel has this channel_ref: " + sameRef);
                }
            }
            tierOne |= g.active() && g.tier() == Tier.PUBLISHING;
        }
        if (!tierOne) throw fail(Subject.GROUP, null, null, null, "至少要有一个在用的一级群", "there is no tier-1 group");
    }

    private void landing(Group g) {
        Grid grid = g.grid() == null ? null : m.grid(g.grid()).orElse(null);
        if (grid == null) {
            throw fail(Subject.GROUP, g.id(), "grid", g.grid(), g.grid() == null ? "二级群要属于一个网格" : "没有这个网格",
                    g.grid() == null ? "a tier-2 group needs a grid" : "unknown grid (not in grids.yaml)");
        }
        if (g.active() && !grid.active()) {
            throw fail(Subject.GROUP, g.id(), "grid", g.grid(), "网格「" + grid.name() + "」已停用：先把群移到在用的网格，或停用这个群",
                    "the grid is deactivated: move the group to a grid in use, or deactivate the group");
        }
        if (!grid.officer().equals(g.admin())) {
            throw fail(Subject.GROUP, g.id(), "admin", g.admin(),
                    "二级群的管理员是本网格的社区民警 " + who(grid.officer()) + "（不填时自动取他）",
                    "a tier-2 group's admin is its grid's community officer (" + grid.officer() + ")");
        }
    }

    /** What each channel needs to reach a group: checked here so a bad binding is refused, not found on a send. */
    private void binding(Group g) {
        String channel = g.channel(), ref = g.channelRef();
        if (!Channels.KNOWN.contains(channel)) {
            throw fail(Subject.GROUP, g.id(), "channel", channel, "没有这个通道，可选：" + String.join("、", Channels.KNOWN),
                    "unknown channel (known: " + String.join(", ", Channels.KNOWN) + ")");
        }
        switch (channel) {
            case "wecom_appchat", "wecom_aibot", "wecom_customer_group" -> {
                if (ref == null) {
                    throw fail(Subject.GROUP, g.id(), "channel", channel, channel + " 群要填 channel_ref（它的 chat id）",
                            "a " + channel + " group needs channel_ref (its chat id)");
                }
            }
            case "wecom_robot" -> {
                if (ref == null || !ROBOT_KEY_VAR.matcher(ref).matches()) {
                    throw fail(Subject.GROUP, g.id(), "channel_ref", ref,
                            "群机器人的 channel_ref 填存放 webhook key 的环境变量名，如 ZJ_ROBOT_KEY_TIER1（不要填 key 本身）",
                            "a wecom_robot group's channel_ref names the environment variable holding its webhook key, "
                                    + "like ZJ_ROBOT_KEY_TIER1 (never the key itself)");
                }
            }
            default -> { }
        }
        if (channel.equals("wecom_customer_group")) {
            Member owner = g.admin() == null ? null : m.member(g.admin()).orElse(null);
            if (owner == null || owner.dm() == null || !owner.dm().channel().equals("wecom_app")) {
                throw fail(Subject.GROUP, g.id(), "channel", g.admin(),
                        "客户群由群主（管理员）在企业微信里发送：管理员要在花名册里有企业微信账号 wecom",
                        "a customer group is sent to by its owner: the admin needs a wecom userid in roster.yaml");
            }
        }
    }

    /** Every post a person holds in the matrix, in words (所长, 章达村的社区民警 …); empty when none. */
    public static List<String> postsOf(Matrix m, String personId) {
        List<String> out = new java.util.ArrayList<>();
        Station s = m.station();
        if (personId.equals(s.chief())) out.add("所长（派出所设置 chief）");
        if (s.dutyRota().contains(personId)) out.add("值班轮换（派出所设置 duty_rota）");
        if (s.mediationRoom().contains(personId)) out.add("乡调解室（派出所设置 mediation_room）");
        for (Grid g : m.grids()) {
            if (!g.active()) continue;
            if (personId.equals(g.officer())) out.add(g.name() + "的社区民警和它的二级群的管理员（网格 " + g.id() + " 的 officer）");
            if (g.gridWorkers().contains(personId)) out.add(g.name() + "的网格员（网格 " + g.id() + " 的 grid_workers）");
            if (g.mediators().contains(personId)) out.add(g.name() + "的调解员（网格 " + g.id() + " 的 mediators）");
            if (g.householdHeads().contains(personId)) out.add(g.name() + "的双联户户长（网格 " + g.id() + " 的 household_heads）");
        }
        // a tier-2 group's admin is always its grid's officer: handing the grid over hands its groups over too
        return out;
    }
}
