package zhijian.bot.http;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.delivery.DeliveryLedger;
import zhijian.bot.redis.RedisKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Staff-only views of what could not be delivered: the dead-letter streams and one message's delivery ledger.
 * Guarded by {@code Authorization: Bearer $ZJ_ADMIN_TOKEN}; mounted only when that token is set. (The staff console
 * with log-in comes later; the duty officer is also told in chat when a message is given up on.)
 */
public final class AdminApi {
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final DeliveryLedger ledger;
    private final byte[] token;

    public AdminApi(UnifiedJedis redis, RedisKeys keys, DeliveryLedger ledger, String token) {
        this.redis = redis;
        this.keys = keys;
        this.ledger = ledger;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    private void authorize(Request req) {
        String given = req.headers().get("Authorization");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) {
            throw new ApiException(401, "unauthorized", "需要管理令牌 (Authorization: Bearer <ZJ_ADMIN_TOKEN>)");
        }
    }

    /** The route, behind the token. */
    public Route guarded(Route route) {
        return req -> {
            authorize(req);
            return route.handle(req);
        };
    }

    public Reply deadLetters(Request req) {
        authorize(req);
        String which = req.param("stream") == null ? "outbound" : req.param("stream");
        String key = switch (which) {
            case "outbound" -> keys.outboundDead();
            case "inbound" -> keys.inboundDead();
            default -> throw ApiException.badRequest("bad_field", "stream is outbound or inbound");
        };
        int limit = req.limit();
        List<Map<String, Object>> out = new ArrayList<>();
        if (redis.exists(key)) {
            for (StreamEntry e : redis.xrevrange(key, (StreamEntryID) null, (StreamEntryID) null, limit)) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("id", e.getID().toString());
                v.putAll(e.getFields());
                out.add(v);
            }
        }
        return Reply.json(200, Map.of("stream", which, "entries", out));
    }

    public Reply delivery(Request req) {
        authorize(req);
        Map<String, String> line = ledger.get(req.pathParam(0));
        if (line.isEmpty()) throw ApiException.notFound("unknown_delivery", "no ledger line for " + req.pathParam(0));
        return Reply.json(200, line);
    }
}
