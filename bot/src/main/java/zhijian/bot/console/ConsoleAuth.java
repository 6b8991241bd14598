package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zhijian.bot.GatewayConfig;
import zhijian.bot.Json;
import zhijian.bot.http.ApiException;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.http.Route;
import zhijian.bot.store.MatrixStore;
import zhijian.console.Access;
import zhijian.console.ConsoleCodes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Log-in to the staff console and the guard in front of every console endpoint.
 *
 * <ul>
 *   <li>Accounts are the roster's staff ids; nobody has a password until they set one with a one-time code the bot
 *       sends them in private (「控制台」), so no password is ever made up, mailed or committed.</li>
 *   <li>A session is a random token in an HttpOnly, SameSite=Strict cookie; Redis keeps only its hash, with an
 *       idle expiry and a maximum age.</li>
 *   <li>Every change (POST) must carry the session's CSRF token in {@code X-CSRF-Token}, and an {@code Origin}, when
 *       the browser sends one, must be this host.</li>
 *   <li>Wrong passwords are counted per account and per client address; past the limit the account (or address)
 *       is locked for a while and the answer is 429 with Retry-After.</li>
 *   <li>Who may see and do what is decided on every request from the current roster ({@link Access}): a person
 *       deactivated or made a resident is out at once, on every instance.</li>
 * </ul>
 */
public final class ConsoleAuth {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAuth.class);
    public static final String COOKIE = "zj_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final ConsoleStore store;
    private final Passwords passwords;
    private final MatrixStore matrices;
    private final GatewayConfig.Console config;

    public ConsoleAuth(ConsoleStore store, Passwords passwords, MatrixStore matrices, GatewayConfig.Console config) {
        this.store = store;
        this.passwords = passwords;
        this.matrices = matrices;
        this.config = config;
    }

    // ------------------------------------------------------------------ guards

    /** A read-only console endpoint: a live session is enough. */
    public Route read(ConsoleRoute route) {
        return req -> {
            Signed s = signedIn(req);
            return route.handle(req, s.access());
        };
    }

    /** A console endpoint that changes something: a live session and its CSRF token. */
    public Route change(ConsoleRoute route) {
        return req -> {
            Signed s = signedIn(req);
            checkCsrf(req, s.session());
            return route.handle(req, s.access());
        };
    }

    private record Signed(ConsoleStore.Session session, Access access) {}

    private Signed signedIn(Request req) {
        ConsoleStore.Session s = store.session(cookie(req).orElse(null), config.sessionIdle(), config.sessionMax())
                .orElseThrow(() -> new ApiException(401, "not_logged_in", "请先登录 (log in first)"));
        Optional<Access> a = Access.of(matrices.current(), s.member());
        if (a.isEmpty()) {
            store.end(s.tokenHash(), s.member());
            throw new ApiException(403, "no_console", "此账号没有控制台权限（已停用，或不是工作人员）(no console access)");
        }
        return new Signed(s, a.get());
    }

    private void checkCsrf(Request req, ConsoleStore.Session s) {
        String given = req.headers().get(CSRF_HEADER);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "bad_csrf", "请求来源校验失败，请刷新页面后重试 (missing or wrong CSRF token)");
        }
        checkOrigin(req);
    }

    /** A browser's Origin, when sent, must name this host: another site cannot post here. */
    private static void checkOrigin(Request req) {
        String origin = req.headers().get("Origin");
        if (origin == null || origin.isEmpty()) return;
        String host = req.headers().get("Host");
        String originHost;
        try {
            URI u = URI.create(origin);
            originHost = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            originHost = null;
        }
        if (host == null || originHost == null || !originHost.equalsIgnoreCase(host)) {
            throw new ApiException(403, "bad_origin", "请求来自其他网站，已拒绝 (cross-site request refused)");
        }
    }

    private static Optional<String> cookie(Request req) {
        String header = req.headers().get("Cookie");
        if (header == null) return Optional.empty();
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) if (COOKIE.equals(c.name())) return Optional.of(c.value());
        return Optional.empty();
    }

    // ------------------------------------------------------------------ endpoints

    /** POST /api/console/login {user, password} */
    public Reply login(Request req) {
        checkOrigin(req);
        JsonNode body = req.jsonObject();
        String user = field(body, "user", 64);
        String password = field(body, "password", Passwords.MAX_LENGTH);
        String byUser = "user:" + user, byAddress = "ip:" + client(req);
        refuseIfLocked(byUser, config.maxFailures());
        refuseIfLocked(byAddress, config.maxFailuresPerAddress());
        Optional<String> hash = store.passwordHash(user);
        boolean ok;
        if (hash.isPresent()) {
            ok = passwords.verify(password, hash.get());
        } else {
            passwords.spendTime(password);
            ok = false;
        }
        if (!ok) {
            long n = store.fail(byUser, config.lockFor());
            store.fail(byAddress, config.lockFor());
            log.info("console log-in failed for an account ({} of {} in the window)", n, config.maxFailures());
            String more = n >= config.maxFailures() ? "；账号已锁定 " + minutes(config.lockFor()) + " 分钟" : "";
            throw new ApiException(401, "bad_login", "账号或密码不对" + more
                    + "。还没有密码？请私聊机器人发送「控制台」领取一次性口令 (wrong account or password)");
        }
        store.clearFailures(byUser);
        return openSession(user);
    }

    /** POST /api/console/password {code, password}: sets one's password with a one-time code, and logs in. */
    public Reply setPassword(Request req) {
        checkOrigin(req);
        JsonNode body = req.jsonObject();
        String code = field(body, "code", 40);
        String password = field(body, "password", Passwords.MAX_LENGTH);
        String byAddress = "ip:" + client(req);
        refuseIfLocked(byAddress, config.maxFailuresPerAddress());
        Optional<String> member = store.useCode(ConsoleCodes.hash(code));
        if (member.isEmpty()) {
            store.fail(byAddress, config.lockFor());
            throw new ApiException(401, "bad_code", "口令不对、已用过或已过期（口令 " + ConsoleCodes.VALID_FOR.toMinutes()
                    + " 分钟内有效，只能用一次）。请私聊机器人重新发送「控制台」(wrong, used or expired code)");
        }
        String weak = Passwords.weakness(password, member.get());
        if (weak != null) {
            throw new ApiException(400, "weak_password", weak + "。口令已用掉，请私聊机器人重新发送「控制台」领取新口令 (weak password)");
        }
        if (Access.of(matrices.current(), member.get()).isEmpty()) {
            throw new ApiException(403, "no_console", "此账号没有控制台权限 (no console access)");
        }
        store.setPassword(member.get(), passwords.hash(password));
        store.clearFailures("user:" + member.get());
        log.info("console password set for {}", member.get());
        return openSession(member.get());
    }

    /** POST /api/console/logout: a change like any other (session and CSRF token), ending that very session. */
    public Reply logout(Request req) {
        Signed s = signedIn(req);
        checkCsrf(req, s.session());
        store.end(s.session().tokenHash(), s.session().member());
        return new Reply(200, "application/json; charset=utf-8", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8),
                Map.of("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (config.secureCookie() ? "; Secure" : "")));
    }

    /** GET /api/console/me: who is logged in, what they may do, and the CSRF token for their changes. */
    public Reply me(Request req) {
        Signed s = signedIn(req);
        return Reply.json(200, meView(s.access(), s.session().csrf()));
    }

    private Reply openSession(String member) {
        Access access = Access.of(matrices.current(), member)
                .orElseThrow(() -> new ApiException(403, "no_console", "此账号没有控制台权限（已停用，或不是工作人员）(no console access)"));
        Map.Entry<String, ConsoleStore.Session> s = store.open(member, config.sessionIdle());
        String cookie = COOKIE + "=" + s.getKey() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + config.sessionMax().toSeconds() + (config.secureCookie() ? "; Secure" : "");
        byte[] json = Json.write(meView(access, s.getValue().csrf())).getBytes(StandardCharsets.UTF_8);
        return new Reply(200, "application/json; charset=utf-8", json, Map.of("Set-Cookie", cookie, "Cache-Control", "no-store"));
    }

    private Map<String, Object> meView(Access a, String csrf) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("name", a.member().name());
        v.put("roles", a.roleNames());
        v.put("reach", a.reach().name());
        v.put("grids", a.grids());
        Map<String, String> gridNames = new LinkedHashMap<>();
        var m = matrices.current();
        for (String g : a.grids()) gridNames.put(g, m.gridName(g));
        v.put("gridNames", gridNames);
        v.put("police", a.police());
        v.put("editsMatrix", a.editsMatrix());
        v.put("csrf", csrf);
        return v;
    }

    private void refuseIfLocked(String who, int max) {
        Duration left = store.lockedFor(who, max);
        if (!left.isZero()) {
            long secs = Math.max(1, left.toSeconds());
            throw new ApiException(429, "locked", "登录失败次数过多，请 " + Math.max(1, (secs + 59) / 60)
                    + " 分钟后再试 (too many failed log-ins)", Map.of("Retry-After", String.valueOf(secs)));
        }
    }

    /** The client's address: the peer, or (behind nginx, when configured) the address nginx saw. */
    private String client(Request req) {
        if (config.trustForwardedFor()) {
            String xff = req.headers().get("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                String[] parts = xff.split(",");
                return parts[parts.length - 1].strip();
            }
        }
        return req.peer();
    }

    private static long minutes(Duration d) {
        return Math.max(1, d.toMinutes());
    }


    private static String field(JsonNode body, String name, int max) {
        JsonNode n = body.get(name);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw ApiException.badRequest("missing_field", "缺少字段 " + name + " (missing field: " + name + ")");
        }
        String v = n.asText();
        if (v.length() > max) throw ApiException.badRequest("bad_field", name + " 太长 (" + name + " is too long)");
        return "password".equals(name) ? v : v.strip();
    }
}
