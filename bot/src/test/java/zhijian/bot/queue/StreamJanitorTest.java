package zhijian.bot.queue;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.testing.TestRedis;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamJanitorTest {

    @Test
    void dropsOnlyWhatEveryGroupHasHandled() {
        UnifiedJedis redis = TestRedis.client();
        String stream = TestRedis.freshPrefix("janitor") + "s";
        for (int i = 0; i < 10; i++) redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("n", String.valueOf(i)));
        StreamWorker.ensureGroup(redis, stream, "a");
        StreamWorker.ensureGroup(redis, stream, "b");
        // group a reads 6 and acknowledges 4; group b reads and acknowledges 8
        List<StreamEntry> a = redis.xreadGroup("a", "c", XReadGroupParams.xReadGroupParams().count(6),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue();
        for (int i = 0; i < 4; i++) redis.xack(stream, "a", a.get(i).getID());
        List<StreamEntry> b = redis.xreadGroup("b", "c", XReadGroupParams.xReadGroupParams().count(8),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue();
        for (StreamEntry e : b) redis.xack(stream, "b", e.getID());

        long dropped = new StreamJanitor(redis).trim(stream);
        assertEquals(4, dropped, "entries 0-3 are done for both groups; 4 and 5 are pending in a");
        assertEquals(6, redis.xlen(stream));
        assertEquals(a.get(4).getID(), redis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1).get(0).getID());
    }
}
