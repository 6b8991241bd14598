package zhijian.matrix;

/** Where a chat sits in the matrix: the publishing tier, the landing tier, or a private chat with the bot. */
public enum Tier {
    PUBLISHING(1), LANDING(2), PRIVATE(0);

    private final int number;

    Tier(int number) { this.number = number; }

    /** 1 for 一级群, 2 for 二级群, 0 for a private chat. */
    public int number() { return number; }

    public static Tier ofNumber(int n) {
        for (Tier t : values()) if (t.number == n) return t;
        throw new IllegalArgumentException("no tier " + n);
    }
}
