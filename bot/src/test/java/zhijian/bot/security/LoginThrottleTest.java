package zhijian.bot.security;

import org.junit.jupiter.api.Test;
import zhijian.bot.GatewayConfig;
import zhijian.bot.Json;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guessing passwords from one place: many accounts, one address. Past the per-address limit every log-in and every
 * one-time code from that address waits (429 with Retry-After), even with the right password; another address does
 * not; and the lock ends by itself.
 */
class LoginThrottleTest {
    private static final int PER_ACCOUNT = 3, PER_ADDRESS = 6;

    private static GatewayHarness start(String name, boolean behindNginx, Duration lockFor) throws Exception {
        GatewayConfig c = GatewayHarness.config(TestRedis.url(), TestRedis.freshPrefix(name), null);
        GatewayConfig.Console k = c.console();
        GatewayConfig.Console strict = new GatewayConfig.Console(k.enabled(), k.url(), k.sessionIdle(), k.sessionMax(), PER_ACCOUNT,
                PER_ADDRESS, lockFor, k.secureCookie(), behindNginx);
        c = new GatewayConfig(c.http(), c.redis(), c.dataDir(), c.seedsDir(), c.sim(), c.workers(), c.dedupTtl(), c.instanceId(),
                c.channels(), c.adminToken(), strict, c.figures());
        return GatewayHarness.start(c, new MutableClock(GatewayHarness.T0));
    }

    private static GatewayHarness.Response login(GatewayHarness gw, String user, String password, String forwardedFor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + "/api/console/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", user, "password", password))));
        if (forwardedFor != null) b.header("X-Forwarded-For", forwardedFor);
        return gw.send(b);
    }

    private static void locked(GatewayHarness.Response r) {
        assertEquals(429, r.status(), r.raw());
        assertEquals("locked", r.body().get("error").asText());
        assertTrue(Long.parseLong(r.header("Retry-After")) > 0, "says how long");
    }

    @Test
    void manyAccountsFromOneAddress_lockThatAddress_evenForTheRightPassword_untilTheLockEnds() throws Exception {
        try (GatewayHarness gw = start("throttle-address", false, Duration.ofSeconds(3))) {
            ConsoleClient.signUp(gw, "p-tashi");
            // a different account each time, never more than one try each: the per-account lock never trips
            for (int i = 0; i < PER_ADDRESS; i++) {
                assertEquals(401, login(gw, "guess-" + i, "Password-" + i, null).status());
            }
            locked(login(gw, "p-tashi", ConsoleClient.PASSWORD, null));
            // a one-time code from the same address waits too (codes are guessed as well)
            GatewayHarness.Response code = gw.postJson("/api/console/password", "{\"code\":\"AAAAA-BBBBB\",\"password\":\"x\"}");
            locked(code);
            // and a forged X-Forwarded-For does not buy a fresh address when the gateway is not behind nginx
            locked(login(gw, "p-tashi", ConsoleClient.PASSWORD, "203.0.113.9"));

            Thread.sleep(3200);   // the lock is Redis's own expiry, on Redis's clock
            assertEquals(200, login(gw, "p-tashi", ConsoleClient.PASSWORD, null).status(), "the lock ends by itself");
        }
    }

    @Test
    void behindNginx_theClientsAddressIsCounted_soOneAddressIsLockedAndAnotherIsNot() throws Exception {
        try (GatewayHarness gw = start("throttle-nginx", true, Duration.ofMinutes(15))) {
            ConsoleClient.signUp(gw, "p-lhamo");
            for (int i = 0; i < PER_ADDRESS; i++) {
                assertEquals(401, login(gw, "guess-" + i, "Password-" + i, "198.51.100.7").status());
            }
            locked(login(gw, "p-lhamo", ConsoleClient.PASSWORD, "198.51.100.7"));
            assertEquals(200, login(gw, "p-lhamo", ConsoleClient.PASSWORD, "198.51.100.8").status(), "another client gets in");

            // one account guessed from many addresses: the account locks, whatever the address
            for (int i = 0; i < PER_ACCOUNT; i++) {
                assertEquals(401, login(gw, "p-lhamo", "Wrong-" + i, "192.0.2." + i).status());
            }
            locked(login(gw, "p-lhamo", ConsoleClient.PASSWORD, "192.0.2.200"));
        }
    }
}
