package zhijian.bot.queue;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import zhijian.bot.testing.TestRedis;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StreamWorker#holdOn}: a worker keeps an entry it still holds, and lets go of one taken over or finished. */
class StreamWorkerHoldOnTest {
    private static final class Idle extends StreamWorker {
        Idle(UnifiedJedis redis, String stream, String consumer) {
            super(redis, stream, stream + ":dead", "g", consumer, Duration.ofSeconds(30), 3, new Counters());
        }

        @Override protected void handle(StreamEntry entry) {}

        @Override protected String name() { return "test"; }
    }

    @Test
    void holdsItsOwnEntry_resettingItsIdleTime_butNotOneTakenOverOrFinished() throws Exception {
        UnifiedJedis redis = TestRedis.client();
        String stream = TestRedis.freshPrefix("holdon") + "s";
        StreamEntryID id = redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("n", "1"));
        StreamWorker.ensureGroup(redis, stream, "g");
        redis.xreadGroup("g", "a", XReadGroupParams.xReadGroupParams().count(1), Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        Idle a = new Idle(redis, stream, "a"), b = new Idle(redis, stream, "b");

        Thread.sleep(50);
        assertTrue(a.holdOn(id), "a read it and nobody took it over");
        var pending = redis.xpending(stream, "g", XPendingParams.xPendingParams(id, id, 1)).get(0);
        assertEquals("a", pending.getConsumerName());
        assertTrue(pending.getIdleTime() < 50, "its idle time was reset: " + pending.getIdleTime());
        assertEquals(1, pending.getDeliveredTimes(), "holding on is not another delivery");
        assertFalse(b.holdOn(id), "b never had it");

        redis.xclaimJustId(stream, "g", "b", 0, XClaimParams.xClaimParams(), id);
        assertFalse(a.holdOn(id), "b took it over");
        assertTrue(b.holdOn(id));

        redis.xack(stream, "g", id);
        assertFalse(b.holdOn(id), "finished: nobody holds it");
    }
}
