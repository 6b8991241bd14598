package zhijian.bot.store;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import zhijian.appointment.Appointment;
import zhijian.appointment.Slot;
import zhijian.bot.redis.RedisKeys;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads appointments and how full slots are. Written only through {@link Applier}. */
public final class AppointmentStore {
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public AppointmentStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public Map<String, Appointment> getAll(Collection<String> ids) {
        return JsonHashes.getAll(redis, ids, keys::appointment, Appointment.class);
    }

    public List<Appointment> byResident(String member, int limit) {
        return List.copyOf(getAll(redis.zrevrange(keys.appointmentsByResident(member), 0, limit - 1)).values());
    }

    /** Booked count per slot key, in one round trip. */
    public Map<String, Integer> counts(List<Slot> slots) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (slots.isEmpty()) return out;
        Map<String, Response<Long>> responses = new LinkedHashMap<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (Slot s : slots) responses.put(s.key(), p.scard(keys.slot(s.key())));
            p.sync();
        }
        responses.forEach((k, r) -> out.put(k, r.get().intValue()));
        return out;
    }
}
