package zhijian.bot.console;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console passwords, hashed with Argon2id (Bouncy Castle) and kept as a PHC string:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} — OWASP's minimum for Argon2id (19 MiB, 2 passes). The
 * parameters travel with each hash, so they can be raised later without locking anyone out.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;
    private static final int MEMORY_KIB = 19 * 1024, ITERATIONS = 2, PARALLELISM = 1, SALT = 16, HASH = 32;
    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();

    /** Why a new password is refused (Chinese, shown to the person), or null when it is acceptable. */
    public static String weakness(String password, String memberId) {
        if (password == null || password.length() < MIN_LENGTH) return "密码至少 " + MIN_LENGTH + " 位";
        if (password.length() > MAX_LENGTH) return "密码最多 " + MAX_LENGTH + " 位";
        if (password.chars().distinct().count() < 4) return "密码太简单：请混用不同的字母、数字";
        if (memberId != null && password.toLowerCase().contains(memberId.toLowerCase())) return "密码不能包含登录账号";
        return null;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password matches the stored hash; a malformed or missing hash matches nothing. */
    public boolean verify(String password, String stored) {
        if (password == null || stored == null) return false;
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) return false;
        int mem = Integer.parseInt(m.group(1)), t = Integer.parseInt(m.group(2)), p = Integer.parseInt(m.group(3));
        if (mem < 8 * p || mem > 1 << 20 || t < 1 || p < 1) return false;
        byte[] salt = B64D.decode(m.group(4)), expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, salt, mem, t, p, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    /**
     * Burns the same time as a real check, for an account that has no password (so a wrong account name and a
     * wrong password cannot be told apart by how long the answer takes).
     */
    public void spendTime(String password) {
        derive(password == null ? "" : password, new byte[SALT], MEMORY_KIB, ITERATIONS, PARALLELISM, HASH);
    }

    private static byte[] derive(String password, byte[] salt, int memKib, int iterations, int parallelism, int len) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memKib)
                .withIterations(iterations).withParallelism(parallelism).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[len];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
