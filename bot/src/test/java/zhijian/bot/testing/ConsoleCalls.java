package zhijian.bot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import zhijian.bot.Json;
import zhijian.bot.console.ConsoleRoute;
import zhijian.bot.http.ApiException;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.console.Access;
import zhijian.matrix.Matrix;
import zhijian.seed.SeedLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Calls a console endpoint as the HTTP server would once the console's log-in has said who is asking: a request,
 * an {@link Access} decided from the roster, and a refusal turned into its status and JSON body.
 */
public final class ConsoleCalls {
    private static final Matrix SEEDS = SeedLoader.load(GatewayHarness.seedsDir()).matrix();

    private ConsoleCalls() {}

    /** The console access of a person of the seed roster. */
    public static Access as(String memberId) {
        return Access.of(SEEDS, memberId).orElseThrow(() -> new AssertionError(memberId + " has no console"));
    }

    public static GatewayHarness.Response get(ConsoleRoute route, Access who, String path, String... pathParams) {
        return call(route, who, new Request("GET", path, Map.of(), new DefaultHttpHeaders(), new byte[0], List.of(pathParams)));
    }

    public static GatewayHarness.Response post(ConsoleRoute route, Access who, String path, String body, String... pathParams) {
        return call(route, who, new Request("POST", path, Map.of(), new DefaultHttpHeaders(),
                body.getBytes(StandardCharsets.UTF_8), List.of(pathParams)));
    }

    public static GatewayHarness.Response call(ConsoleRoute route, Access who, Request req) {
        Reply r;
        try {
            r = route.handle(req, who);
        } catch (ApiException e) {
            r = Reply.error(e.status(), e.code(), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(req.method() + " " + req.path() + " failed", e);
        }
        String raw = new String(r.body(), StandardCharsets.UTF_8);
        try {
            JsonNode body = Json.MAPPER.readTree(raw);
            return new GatewayHarness.Response(r.status(), body, raw);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + raw, e);
        }
    }
}
