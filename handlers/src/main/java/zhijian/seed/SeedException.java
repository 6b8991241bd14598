package zhijian.seed;

/**
 * A seed file that cannot be used. The message always names the file, the line and the bad value,
 * so a station editing {@code seeds/} can find what to fix.
 */
public final class SeedException extends RuntimeException {
    private final String file;
    private final int line;
    private final String value;

    public SeedException(String file, int line, String value, String problem) {
        super(file + ":" + line + ": " + problem + (value == null ? "" : " (value: '" + value + "')"));
        this.file = file;
        this.line = line;
        this.value = value;
    }

    public String file() { return file; }
    public int line() { return line; }
    public String value() { return value; }
}
