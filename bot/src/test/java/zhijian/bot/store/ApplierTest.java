package zhijian.bot.store;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadGroupParams;
import zhijian.bot.queue.StreamWorker;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.testing.TestRedis;
import zhijian.dispatch.Action;
import zhijian.matrix.Member;
import zhijian.message.OutboundMessage;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The writes of a decision and the acknowledgement of its entry happen together, once. */
class ApplierTest {

    @Test
    void writesAndAck_happenOnce_andASecondApplyIsRecognised() {
        RedisKeys keys = new RedisKeys(TestRedis.freshPrefix("applier"));
        UnifiedJedis redis = TestRedis.client();
        StreamWorker.ensureGroup(redis, keys.inbound(), RedisKeys.INBOX_GROUP);
        StreamEntryID id = redis.xadd(keys.inbound(), StreamEntryID.NEW_ENTRY, Map.of("t", "msg", "m", "{}"));
        redis.xreadGroup(RedisKeys.INBOX_GROUP, "c1", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(keys.inbound(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));

        Applier applier = new Applier(redis, keys);
        List<Action> actions = List.of(
                new Action.Send(new OutboundMessage("m1#1", "g-zhangda", "你好", null, null, "m1", null, OutboundMessage.Kind.REPLY)),
                new Action.RememberResident(Member.resident("r-x", "小王", "zhangda")));
        assertEquals(Applier.Result.APPLIED, applier.apply(keys.inbound(), RedisKeys.INBOX_GROUP, id.toString(), actions));
        assertEquals(1, redis.xlen(keys.outbound()));
        assertEquals(0, redis.xpending(keys.inbound(), RedisKeys.INBOX_GROUP).getTotal(), "acknowledged with the writes");

        // a second worker that also had the entry (taken over while the first was slow) changes nothing
        assertEquals(Applier.Result.ALREADY_DONE, applier.apply(keys.inbound(), RedisKeys.INBOX_GROUP, id.toString(), actions));
        assertEquals(1, redis.xlen(keys.outbound()));
    }

    @Test
    void aGuardThatNoLongerHolds_writesNothing_andLeavesTheEntryPending() {
        RedisKeys keys = new RedisKeys(TestRedis.freshPrefix("guard"));
        UnifiedJedis redis = TestRedis.client();
        StreamWorker.ensureGroup(redis, keys.inbound(), RedisKeys.INBOX_GROUP);
        StreamEntryID id = redis.xadd(keys.inbound(), StreamEntryID.NEW_ENTRY, Map.of("t", "msg", "m", "{}"));
        redis.xreadGroup(RedisKeys.INBOX_GROUP, "c1", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(keys.inbound(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        // a booking decided when the slot had room, applied after it filled up
        zhijian.appointment.Appointment a = new zhijian.appointment.Appointment("AZY-20261122-0001", "idcard", "huji",
                java.time.LocalDate.of(2026, 11, 23), java.time.LocalTime.of(9, 30), "r-ciren", "次仁", "g-zhangda",
                zhijian.appointment.Appointment.State.BOOKED, java.time.Instant.parse("2026-11-22T04:00:00Z"), 1);
        for (int i = 0; i < 4; i++) redis.sadd(keys.slot(a.slot().key()), "other-" + i);

        Applier applier = new Applier(redis, keys);
        List<Action> actions = List.of(new Action.SaveAppointment(null, a, 4, List.of(), List.of()),
                new Action.Send(new OutboundMessage("m1#1", "g-zhangda", "已为您预约", null, null, "m1", null, OutboundMessage.Kind.REPLY)));
        assertEquals(Applier.Result.CONFLICT, applier.apply(keys.inbound(), RedisKeys.INBOX_GROUP, id.toString(), actions));
        assertFalse(redis.exists(keys.appointment(a.id())));
        assertFalse(redis.exists(keys.outbound()), "no confirmation sent for a booking that did not happen");
        assertEquals(1, redis.xpending(keys.inbound(), RedisKeys.INBOX_GROUP).getTotal(), "still pending: decide again");
    }
}
