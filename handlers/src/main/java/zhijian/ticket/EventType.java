package zhijian.ticket;

/** What happened to a ticket, as its timeline shows it. */
public enum EventType {
    RECEIVED("受理"),
    DISPATCHED("派单"),
    SIGNED("签收"),
    REPLIED("回复"),
    REASSIGNED("改派"),
    RETURNED("退单"),
    SIGN_MISSED("超时未签收"),
    FINISH_MISSED("超时未办结"),
    ESCALATED("升级"),
    CLOSED("办结"),
    FOLLOWED_UP("回访"),
    RATED("评价"),
    SUPPLEMENTED("补充");

    private final String label;

    EventType(String label) { this.label = label; }

    public String label() { return label; }
}
