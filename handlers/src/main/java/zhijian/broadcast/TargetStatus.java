package zhijian.broadcast;

/**
 * Where one chat of one wave stands. Final states count towards the wave being done; a chat with no line yet is
 * {@link #QUEUED}.
 */
public enum TargetStatus {
    QUEUED("排队中", false),
    SENT("已送达", true),
    /** a customer-group mass message: the owning member has to confirm it in WeCom */
    WAITING_CONFIRMATION("待群主确认", true),
    RETRYING("重试中", false),
    /** the channel is down (the bridge logged out): it waits without using up attempts */
    UNREACHABLE("通道暂不可用", false),
    /** given up after retries, or refused for good: with the reason */
    FAILED("发送失败", true),
    /** not sent: the broadcast was cancelled first (or, for a Cancel, the chat never got the Alert) */
    WITHDRAWN("已撤回未发", true),
    /** the chat's channel can only answer, not post (智能机器人) */
    NO_CHANNEL("通道不能主动发送", true);

    private final String label;
    private final boolean done;

    TargetStatus(String label, boolean done) {
        this.label = label;
        this.done = done;
    }

    public String label() { return label; }

    /** Whether nothing more will happen to it. */
    public boolean done() { return done; }

    /** Whether people in the chat can read it (sent, or waiting only on the owner's tap). */
    public boolean delivered() { return this == SENT || this == WAITING_CONFIRMATION; }
}
