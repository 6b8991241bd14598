package zhijian.bot.console;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's state in Redis, shared by every instance: password hashes, sessions (kept under the hash of their
 * token, so a copy of Redis holds no usable session), one-time codes (by hash, used once) and failed log-ins.
 */
public final class ConsoleStore {
    /** A live session: whose, its CSRF token, and when it began. */
    public record Session(String tokenHash, String member, String csrf, Instant created) {}

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final LuaScript fail = LuaScript.load("console_fail");

    public ConsoleStore(UnifiedJedis redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    // ---- passwords

    public Optional<String> passwordHash(String member) {
        return Optional.ofNullable(redis.hget(keys.consolePasswords(), member));
    }

    /** Sets a person's password hash and ends every session they had (a reset locks out whoever else was in). */
    public void setPassword(String member, String hash) {
        redis.hset(keys.consolePasswords(), member, hash);
        endAll(member);
    }

    // ---- one-time codes

    /** The person a one-time code was issued to, if the code is live; the code is used up by this call. */
    public Optional<String> useCode(String codeHash) {
        String v = redis.getDel(keys.consoleCode(codeHash));
        if (v == null) return Optional.empty();
        int bar = v.lastIndexOf('|');
        if (bar <= 0) return Optional.empty();
        long expires = Long.parseLong(v.substring(bar + 1));
        return clock.millis() < expires ? Optional.of(v.substring(0, bar)) : Optional.empty();
    }

    // ---- sessions

    /** A new session: its token (for the cookie only) and the session. */
    public Map.Entry<String, Session> open(String member, Duration idle) {
        String token = randomToken();
        String hash = sha256(token);
        Instant now = clock.instant();
        Session s = new Session(hash, member, randomToken(), now);
        String key = keys.consoleSession(hash);
        redis.hset(key, Map.of("member", member, "csrf", s.csrf(), "created", String.valueOf(now.toEpochMilli())));
        redis.pexpire(key, idle.toMillis());
        redis.sadd(keys.consoleSessionsOf(member), hash);
        return Map.entry(token, s);
    }

    /**
     * The session of a cookie's token, if it is live and younger than {@code max}; its idle time starts again.
     */
    public Optional<Session> session(String token, Duration idle, Duration max) {
        if (token == null || token.isEmpty() || token.length() > 100) return Optional.empty();
        String hash = sha256(token);
        String key = keys.consoleSession(hash);
        Map<String, String> h = redis.hgetAll(key);
        if (h.isEmpty() || h.get("member") == null) return Optional.empty();
        Instant created = Instant.ofEpochMilli(Long.parseLong(h.getOrDefault("created", "0")));
        Instant now = clock.instant();
        if (!now.isBefore(created.plus(max))) {
            end(hash, h.get("member"));
            return Optional.empty();
        }
        long left = Math.min(idle.toMillis(), Duration.between(now, created.plus(max)).toMillis());
        redis.pexpire(key, Math.max(1, left));
        return Optional.of(new Session(hash, h.get("member"), h.get("csrf"), created));
    }

    public void end(String tokenHash, String member) {
        redis.del(keys.consoleSession(tokenHash));
        redis.srem(keys.consoleSessionsOf(member), tokenHash);
    }

    public void endAll(String member) {
        String set = keys.consoleSessionsOf(member);
        for (String h : redis.smembers(set)) redis.del(keys.consoleSession(h));
        redis.del(set);
    }

    // ---- failed log-ins

    /** Counts a failure for {@code who} ({@code user:ID} or {@code ip:ADDR}); returns the count in the window. */
    public long fail(String who, Duration window) {
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) fail.run(redis, List.of(keys.consoleFailures(who)), List.of(String.valueOf(window.toMillis())));
        return ((Number) out.get(0)).longValue();
    }

    /** How long {@code who} stays locked: zero when they have fewer than {@code max} failures in the window. */
    public Duration lockedFor(String who, int max) {
        String key = keys.consoleFailures(who);
        String n = redis.get(key);
        if (n == null || Long.parseLong(n) < max) return Duration.ZERO;
        long ms = redis.pttl(key);
        return ms > 0 ? Duration.ofMillis(ms) : Duration.ZERO;
    }

    public void clearFailures(String who) {
        redis.del(keys.consoleFailures(who));
    }

    // ---- answers to console actions

    /** The bot's answers to one console action so far, oldest first. */
    public List<String> answers(String messageId) {
        return redis.lrange(keys.consoleAnswers(messageId), 0, -1);
    }

    // ----

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        return zhijian.text.Hashes.sha256Hex(s);
    }

}
