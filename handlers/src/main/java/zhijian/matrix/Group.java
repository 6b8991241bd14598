package zhijian.matrix;

import java.util.List;

/**
 * A chat the bot sits in: the tier-1 group, a tier-2 group, or a private chat with one person.
 * {@code channel} names the channel that really reaches it (the simulator in the demo); {@code aliases} are other
 * names people use for it ("阿扎乡小学" for the school's parents' group), for scopes of broadcasts.
 */
public record Group(String id, String name, Tier tier, GroupKind kind, String grid, String admin,
                    List<String> members, String channel, String channelRef, boolean active, List<String> aliases) {
    public static final String PRIVATE_PREFIX = "dm:";

    public Group {
        members = List.copyOf(members);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public boolean isPrivate() { return tier == Tier.PRIVATE; }

    /** The id of the private chat between the bot and one person. */
    public static String privateChatId(String memberId) { return PRIVATE_PREFIX + memberId; }

    /** The person of a private chat id, or null when the id is not a private chat. */
    public static String privateChatMember(String chatId) {
        return chatId != null && chatId.startsWith(PRIVATE_PREFIX) ? chatId.substring(PRIVATE_PREFIX.length()) : null;
    }
}
