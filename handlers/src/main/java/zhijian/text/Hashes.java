package zhijian.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a text (UTF-8), in lower-case hex: the one way the project hashes a token, a code or a fingerprint. */
public final class Hashes {
    private Hashes() {}

    public static String sha256Hex(String s) {
        return sha256Hex(s, 32);
    }

    /** The first {@code bytes} bytes of the hash, as hex ({@code 2 * bytes} characters). */
    public static String sha256Hex(String s, int bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
