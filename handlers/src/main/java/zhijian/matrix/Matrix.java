package zhijian.matrix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole deployment: the station, its grids, its groups and the people in them.
 * Immutable; a new one is built when the matrix changes.
 */
public final class Matrix {
    private final Station station;
    private final Map<String, Grid> grids;
    private final Map<String, Group> groups;
    private final Map<String, Member> members;
    private final Map<Address, Member> byAddress = new LinkedHashMap<>();
    private final Map<String, Group> byChannelRef = new LinkedHashMap<>();

    public Matrix(Station station, Collection<Grid> grids, Collection<Group> groups, Collection<Member> members) {
        this.station = station;
        this.grids = index(grids, Grid::id);
        this.groups = index(groups, Group::id);
        this.members = index(members, Member::id);
        for (Member m : this.members.values()) if (m.dm() != null) byAddress.putIfAbsent(m.dm(), m);
        for (Group g : this.groups.values()) {
            byChannelRef.putIfAbsent(g.channel() + "|" + g.name(), g);
            if (g.channelRef() != null) byChannelRef.put(g.channel() + "|" + g.channelRef(), g);
        }
    }

    private static <T> Map<String, T> index(Collection<T> items, java.util.function.Function<T, String> id) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : items) m.put(id.apply(t), t);
        return java.util.Collections.unmodifiableMap(m);
    }

    public Station station() { return station; }
    public Collection<Grid> grids() { return grids.values(); }
    public Collection<Group> groups() { return groups.values(); }
    public Collection<Member> members() { return members.values(); }

    public Optional<Grid> grid(String id) { return Optional.ofNullable(id == null ? null : grids.get(id)); }
    public Optional<Member> member(String id) { return Optional.ofNullable(id == null ? null : members.get(id)); }

    /**
     * A chat by id: a group from the matrix, or the private chat of a person the matrix knows.
     */
    public Optional<Group> chat(String id) {
        if (id == null) return Optional.empty();
        Group g = groups.get(id);
        if (g != null) return Optional.of(g);
        String who = Group.privateChatMember(id);
        if (who == null) return Optional.empty();
        return member(who).map(this::privateChatOf);
    }

    public Group privateChatOf(Member m) {
        Address a = m.reach();
        return new Group(Group.privateChatId(m.id()), m.name(), Tier.PRIVATE, GroupKind.PRIVATE, m.homeGrid(),
                null, List.of(m.id()), a.channel(), a.ref(), m.active(), List.of());
    }

    /** The roster member reached at this address (a WeCom userid …), if any. */
    public Optional<Member> memberAt(Address a) {
        return Optional.ofNullable(byAddress.get(a));
    }

    /**
     * The group a channel knows by this id or name (a WeCom chatid, a WeChat room's topic …): a group bound to the
     * channel whose {@code channel_ref} is that, or failing that whose name is that.
     */
    public Optional<Group> groupOn(String channel, String ref) {
        return Optional.ofNullable(ref == null ? null : byChannelRef.get(channel + "|" + ref));
    }

    /** Active people holding a role, in roster order. */
    public List<Member> withRole(Role role) {
        List<Member> out = new ArrayList<>();
        for (Member m : members.values()) if (m.active() && m.has(role)) out.add(m);
        return out;
    }

    public String nameOf(String memberId) {
        if (memberId == null) return "";
        if (memberId.equals(station.botId())) return station.botName();
        Member m = members.get(memberId);
        return m == null ? memberId : m.name();
    }

    public String gridName(String gridId) {
        return grid(gridId).map(Grid::name).orElse(station.township());
    }

    /** A copy of this matrix with extra people (residents first seen in groups). */
    public Matrix withMembers(Collection<Member> extra) {
        if (extra.isEmpty()) return this;
        Map<String, Member> all = new LinkedHashMap<>(members);
        for (Member m : extra) all.putIfAbsent(m.id(), m);
        return new Matrix(station, grids.values(), groups.values(), all.values());
    }
}
