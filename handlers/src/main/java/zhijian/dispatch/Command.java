package zhijian.dispatch;

/**
 * A command typed in chat. {@code id} is a ticket, appointment or broadcast id where the command names one,
 * {@code target} the person a ticket is reassigned to, {@code text} the free text after them.
 */
public record Command(Type type, String id, String target, String text, int stars) {
    public enum Type {
        /** 接单 / 签收 */ SIGN(true),
        /** 回复 ID 内容 */ REPLY(true),
        /** 转派 ID 姓名 [理由] */ REASSIGN(true),
        /** 退单 ID 理由 */ RETURN(true),
        /** 办结 ID 结果 */ CLOSE(true),
        /** 我的工单 / 待办 */ MY_QUEUE(true),
        /** 控制台: a one-time code to set a console password, sent in private */ CONSOLE(true),
        /** 查询 ID */ STATUS(false),
        /** 补充 ID 内容 */ SUPPLEMENT(false),
        /** 1–5 after a follow-up */ RATE(false),
        /** 我的预约 */ MY_APPOINTMENTS(false),
        /** 取消预约 [ID] */ CANCEL_APPOINTMENT(false),
        /** 帮助 / 菜单 */ HELP(false),
        /** 发布【类别】范围：内容 */ PUBLISH(false),
        /** 确认 B-… */ CONFIRM_BROADCAST(false),
        /** 取消 B-… [理由] */ CANCEL_BROADCAST(false),
        /** 更正 B-… 新内容 */ UPDATE_BROADCAST(false),
        /** 进度 B-… */ BROADCAST_PROGRESS(false),
        /** 已找到 [B-…] [说明] */ FOUND(false),
        /** 收到 B-… (an officer, for the groups they administer) */ ACK_BROADCAST(false),
        /** …这是诈骗吗 (a resident pastes a message and asks) */ CHECK_FRAUD(false),
        /** 确认诈骗 F-… */ CONFIRM_FRAUD(false),
        /** 误报 F-… */ FALSE_ALARM(false),
        NONE(false);

        private final boolean staffOnly;

        Type(boolean staffOnly) { this.staffOnly = staffOnly; }

        public boolean staffOnly() { return staffOnly; }
    }

    public static final Command NONE = new Command(Type.NONE, null, null, null, 0);

    /** Whether it is about a broadcast (publishing and what follows). */
    public boolean aboutBroadcast() {
        return switch (type) {
            case PUBLISH, CONFIRM_BROADCAST, CANCEL_BROADCAST, UPDATE_BROADCAST, BROADCAST_PROGRESS, FOUND, ACK_BROADCAST -> true;
            default -> false;
        };
    }

    /** Whether it is about anti-fraud (a question, a verdict). */
    public boolean aboutFraud() {
        return type == Type.CHECK_FRAUD || type == Type.CONFIRM_FRAUD || type == Type.FALSE_ALARM;
    }

    static Command of(Type type, String id, String target, String text) {
        return new Command(type, id, target, text, 0);
    }
}
