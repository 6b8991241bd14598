package zhijian.bot.store;

import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.Json;
import zhijian.bot.redis.RedisKeys;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tickets. Tickets are written only through {@link Applier}, together with everything else a decision does.
 * A ticket is a hash {@code {json, ver}} with its timeline in a list beside it.
 */
public final class TicketStore {
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public TicketStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public Optional<Ticket> get(String id) {
        return Optional.ofNullable(redis.hget(keys.ticket(id), "json")).map(j -> Json.read(j, Ticket.class));
    }

    /** The tickets that exist among the ids, in one round trip. */
    public Map<String, Ticket> getAll(Collection<String> ids) {
        return JsonHashes.getAll(redis, ids, keys::ticket, Ticket.class);
    }

    public List<TicketEvent> events(String id) {
        List<TicketEvent> out = new ArrayList<>();
        for (String json : redis.lrange(keys.ticketEvents(id), 0, -1)) out.add(Json.read(json, TicketEvent.class));
        return out;
    }

    /** The newest tickets first. */
    public List<Ticket> recent(int limit) {
        return new ArrayList<>(getAll(redis.zrevrange(keys.tickets(), 0, limit - 1)).values());
    }

    /** A resident's newest tickets first. */
    public List<Ticket> byResident(String member, int limit) {
        return new ArrayList<>(getAll(redis.zrevrange(keys.ticketsByResident(member), 0, limit - 1)).values());
    }

    /** The open tickets a person of staff holds, oldest first. */
    public List<Ticket> openByAssignee(String member) {
        List<Ticket> out = new ArrayList<>(getAll(redis.smembers(keys.ticketsByAssignee(member))).values());
        out.sort(java.util.Comparator.comparing(Ticket::createdAt));
        return out;
    }

    /** The ids of every open ticket. */
    public java.util.Set<String> openIds() {
        return redis.smembers(keys.ticketsOpen());
    }

    /** The ids of the newest tickets, newest first. */
    public List<String> recentIds(int limit) {
        return redis.zrevrange(keys.tickets(), 0, limit - 1);
    }

    public long openCount() {
        return redis.scard(keys.ticketsOpen());
    }
}
