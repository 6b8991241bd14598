package zhijian.matrix;

/**
 * Where a person is reached one to one: a channel and the channel's own id for them, e.g.
 * {@code wecom_app / zhangsan} (a WeCom userid), {@code wecom_kf / <open_kfid>|<external_userid>},
 * {@code mp / <openid>}, {@code bridge / <WeChat name>}.
 */
public record Address(String channel, String ref) {
    public static final Address SIM = new Address(Channels.SIM, null);

    /** The id a person first met through this address gets, e.g. {@code wecom:zhangsan}. */
    public String personId() {
        String prefix = switch (channel) {
            case "wecom_app", "wecom_aibot" -> "wecom";
            case "wecom_kf" -> "kf";
            case "mp" -> "mp";
            case "bridge" -> "wx";
            default -> channel;
        };
        String key = channel.equals("wecom_kf") && ref.contains("|") ? ref.substring(ref.indexOf('|') + 1) : ref;
        return prefix + ":" + key;
    }
}
