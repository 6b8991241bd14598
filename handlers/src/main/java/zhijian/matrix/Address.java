package zhijian.matrix;

/**
 * Where a person is reached one to one: a channel and the channel's own id for them, e.g.
 * {@code wecom_app / zhangsan} (a WeCom userid), {@code wecom_kf / <open_kfid>|<external_userid>},
 * {@code mp / <openid>}, {@code bridge / <WeChat name>}.
 */
public record Address(String channel, String ref) {
    public static final Address SIM = new Address(Channels.SIM, null);

    /** The id prefix of people met through the personal-WeChat bridge, whose identity nobody can check. */
    public static final String UNVERIFIED_PREFIX = "wx:";

    /**
     * The id a person first met through this address gets, e.g. {@code wecom:zhangsan}. A bridge contact is known
     * only by a WeChat nickname, which anyone can set: their id is a hash of it (no nickname in ids or logs).
     */
    public String personId() {
        return switch (channel) {
            case "wecom_app", "wecom_aibot" -> "wecom:" + ref;
            case "wecom_kf" -> "kf:" + (ref.contains("|") ? ref.substring(ref.indexOf('|') + 1) : ref);
            case "mp" -> "mp:" + ref;
            case "bridge" -> UNVERIFIED_PREFIX + hash(ref);
            default -> channel + ":" + ref;
        };
    }

    /**
     * Whether the channel vouches for who this is. WeCom, 微信客服 and the Official Account give authenticated ids;
     * the bridge gives only a nickname.
     */
    public boolean verified() {
        return !channel.equals("bridge");
    }

    /** Whether a person's id says they came through the bridge, unverified. */
    public static boolean isUnverified(String personId) {
        return personId != null && personId.startsWith(UNVERIFIED_PREFIX);
    }

    private static String hash(String s) {
        return zhijian.text.Hashes.sha256Hex(s, 8);
    }
}
