package zhijian.ticket;

/** 受理 → 派单 → 签收 → 办理 → 办结 → 回访 → 评价. 退单 and 改派 send a ticket back to 派单. */
public enum TicketState {
    RECEIVED("受理"),
    DISPATCHED("派单"),
    SIGNED("签收"),
    IN_PROGRESS("办理"),
    CLOSED("办结"),
    FOLLOWED_UP("回访"),
    RATED("评价");

    private final String label;

    TicketState(String label) { this.label = label; }

    public String label() { return label; }

    /** Still work for the station (not yet 办结). */
    public boolean isOpen() {
        return this == RECEIVED || this == DISPATCHED || this == SIGNED || this == IN_PROGRESS;
    }
}
