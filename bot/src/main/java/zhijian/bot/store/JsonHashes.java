package zhijian.bot.store;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Records stored as the {@code json} field of a hash per id, read many at a time in one round trip. */
final class JsonHashes {
    private JsonHashes() {}

    /** The records that exist among the ids, in the ids' order. */
    static <T> Map<String, T> getAll(UnifiedJedis redis, Collection<String> ids, Function<String, String> keyOf, Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        if (ids.isEmpty()) return out;
        Map<String, Response<String>> responses = new LinkedHashMap<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (String id : ids) responses.put(id, p.hget(keyOf.apply(id), "json"));
            p.sync();
        }
        responses.forEach((id, r) -> {
            if (r.get() != null) out.put(id, Json.read(r.get(), type));
        });
        return out;
    }
}
