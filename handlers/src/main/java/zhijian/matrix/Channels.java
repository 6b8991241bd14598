package zhijian.matrix;

import java.util.List;

/** The channels a group can be bound to (see the channel table in the project's docs). */
public final class Channels {
    private Channels() {}

    public static final String SIM = "sim";

    public static final List<String> KNOWN = List.of(SIM, "wecom_app", "wecom_appchat", "wecom_robot", "wecom_kf",
            "wecom_customer_group", "wecom_aibot", "bridge", "mp");

    /** Channels that can only answer a message, never post on their own (a broadcast cannot go through them). */
    public static final java.util.Set<String> REPLY_ONLY = java.util.Set.of("wecom_aibot");

    public static boolean canPost(String channel) {
        return !REPLY_ONLY.contains(channel);
    }
}
