package zhijian.console;

import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * One-time codes with which a person of staff sets (or resets) their console password. A code is sent only in
 * the person's private chat, where the channel vouches for who they are (their WeCom account); it is kept only as a
 * hash, lasts {@link #VALID_FOR}, and works once.
 */
public final class ConsoleCodes {
    public static final Duration VALID_FOR = Duration.ofMinutes(15);
    /** No 0/O, 1/I/L: a code is read off a phone and typed. 31 letters ^ 10 ≈ 2^49.5. */
    private static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final int LENGTH = 10;

    private ConsoleCodes() {}

    /** A fresh code such as {@code K7M2Q-X9RTA}, drawn from {@code random} (the gateway passes a SecureRandom). */
    public static String make(RandomGenerator random) {
        StringBuilder b = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) b.append('-');
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The hash a code is kept under; case, spaces and dashes as typed do not matter. */
    public static String hash(String code) {
        String norm = code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return zhijian.text.Hashes.sha256Hex("console-code:" + norm);
    }
}
