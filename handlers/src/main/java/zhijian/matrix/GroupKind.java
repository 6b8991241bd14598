package zhijian.matrix;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of chats: the tier-1 group, the four kinds of tier-2 groups, and private chats. */
public enum GroupKind {
    PUBLISHING("publishing", "一级信息发布群"),
    VILLAGE("village", "村（组）群"),
    ENTERPRISE("enterprise", "企业群"),
    VENUE("venue", "场所行业群"),
    PARENTS("parents", "家长群"),
    PRIVATE("private", "私聊");

    private final String key;
    private final String label;

    GroupKind(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() { return key; }
    public String label() { return label; }

    public static Optional<GroupKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
