package zhijian.bot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import zhijian.bot.testing.GatewayHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.Eventually.eventually;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/** The seed stories, played through the simulator's HTTP API against a real gateway and a real Redis. */
class SimStoriesTest {
    private GatewayHarness gw;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        gw = GatewayHarness.start(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        gw.close();
    }


    @Test
    void idCardQuestion_isAnsweredInTheVillageGroup() {
        gw.say("g-zhangda", "r-ciren", "@指尖服务 办身份证要带什么");
        String answer = gw.awaitBot("g-zhangda", "户口簿");
        assertTrue(answer.startsWith("@次仁 「办身份证要带什么」"), answer);
        assertTrue(answer.contains("【待填"), "station-specific values are marked as placeholders: " + answer);
    }

    @Test
    void missingStudent_isPaged_andEscalatedWhenNobodySigns() {
        gw.say("g-parents-school", "r-zhuoma", "我们班一个学生放学后一直没回家，到处找不到人了！");
        String reply = gw.awaitBot("g-parents-school", "110");
        String id = ticketIdIn(reply);
        String duty = gw.dutyOfficer();
        assertTrue(gw.awaitBot("dm:" + duty, "接单 " + id).contains("【紧急求助·走失】"));
        gw.awaitBot("dm:p-tashi", id);   // the grid's community officer is told too

        gw.clock.advance(Duration.ofMinutes(4));   // the emergency's sign deadline is 3 minutes
        String up = gw.awaitBot("dm:p-wang", "【升级】");
        assertTrue(up.contains(id), up);
        gw.awaitBot("dm:" + duty, "已升级");

        JsonNode t = gw.ticket(id);
        assertEquals("p-wang", t.get("ticket").get("assignee").asText());
        long missed = 0;
        for (JsonNode e : t.get("events")) if (e.get("type").asText().equals("SIGN_MISSED")) missed++;
        assertEquals(1, missed, "the missed deadline is recorded once");

        // the chief signs; the teacher hears it in the group
        gw.say("dm:p-wang", "p-wang", "接单 " + id);
        gw.awaitBot("dm:p-wang", "已签收");
        gw.awaitBot("g-parents-school", "签收");
    }

    @Test
    void unpaidFreight_isRouted_signed_answered_closed_andRated() {
        gw.say("g-ent-transport", "r-ciren", "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下");
        String id = ticketIdIn(gw.awaitBot("g-ent-transport", "工单号"));
        gw.awaitBot("dm:v-zd-med", "接单 " + id);
        gw.awaitBot("dm:p-tashi", "抄送");
        assertEquals("v-zd-med", gw.ticket(id).get("ticket").get("assignee").asText());

        gw.say("dm:v-zd-med", "v-zd-med", "接单 " + id);
        gw.awaitBot("dm:v-zd-med", "已签收");
        gw.say("dm:v-zd-med", "v-zd-med", "回复 " + id + " 次仁您好，明天上午我到车队调解");
        String relayed = gw.awaitBot("g-ent-transport", "明天上午我到车队调解");
        assertTrue(relayed.startsWith("@次仁"), relayed);

        gw.say("dm:v-zd-med", "v-zd-med", "办结 " + id + " 已调解，运费当场结清");
        String closed = gw.awaitBot("g-ent-transport", "已办结");
        assertTrue(closed.contains("运费当场结清") && closed.contains("1-5"), closed);

        gw.say("g-ent-transport", "r-ciren", "5");
        gw.awaitBot("g-ent-transport", "谢谢您的评价");
        JsonNode t = gw.ticket(id).get("ticket");
        assertEquals("RATED", t.get("state").asText());
        assertEquals(5, t.get("rating").asInt());
        List<String> timeline = new ArrayList<>();
        gw.ticket(id).get("events").forEach(e -> timeline.add(e.get("type").asText()));
        assertEquals(List.of("RECEIVED", "DISPATCHED", "SIGNED", "REPLIED", "CLOSED", "FOLLOWED_UP", "RATED"), timeline);
    }

    @Test
    void statusQuery_byIdAndInWords() {
        gw.say("g-ent-transport", "r-ciren", "老板欠我运费一直不给，帮忙调解一下");
        String id = ticketIdIn(gw.awaitBot("g-ent-transport", "工单号"));
        gw.say("g-ent-transport", "r-ciren", "查询 " + id);
        assertTrue(gw.awaitBot("g-ent-transport", "状态：").contains("派单"));
        gw.say("dm:r-ciren", "r-ciren", "我反映的事怎么样了");
        assertTrue(gw.awaitBot("dm:r-ciren", id).contains("派单"));
    }

    @Test
    void theSameMessageIdTwice_makesOneTicket() {
        String text = "德吉村那边邻居占了我家宅基地，想请调解员评评理";
        String first = gw.say("g-deji", "r-yangjin", text, "client-42");
        String again = gw.say("g-deji", "r-yangjin", text, "client-42");
        assertEquals(first, again);
        gw.awaitBot("g-deji", "工单号");
        // give a duplicate every chance to show up
        gw.gateway.fireDueTimers();
        eventually(() -> gw.get("/healthz").body().get("streams").get("inbound").get("pending").asLong(), p -> p == 0,
                "the inbound stream to drain");
        assertEquals(1, gw.get("/api/tickets").body().get("tickets").size());
        assertEquals(1, gw.transcript("g-deji").stream().filter(n -> !n.get("bot").asBoolean()).count());
    }

    @Test
    void aTip_stays_outOfTheGroup() {
        String tip = "我要举报，村东头有人聚众赌博";
        gw.say("g-zhangda", "r-lhakpa", tip);
        gw.awaitBot("g-zhangda", "私信");
        String privately = gw.awaitBot("dm:r-lhakpa", "工单号");
        String id = ticketIdIn(privately);
        assertTrue(gw.awaitBot("dm:p-tashi", id).contains(tip), "the officer has it");
        for (String said : gw.botSaid("g-zhangda")) {
            assertFalse(said.contains("赌博") || said.contains(id), "the group never sees the tip or its ticket: " + said);
        }
    }

    @Test
    void appointment_isBooked_listed_remindedAndCancelled() {
        gw.say("g-zhangda", "r-ciren", "@指尖服务 预约明天上午办身份证");
        String booked = gw.awaitBot("g-zhangda", "预约号");
        assertTrue(booked.contains("11月23日") && booked.contains("09:30"), booked);
        String apptId = ticketIdIn(booked);

        gw.say("dm:r-ciren", "r-ciren", "我的预约");
        gw.awaitBot("dm:r-ciren", apptId);

        gw.clock.advance(Duration.ofHours(20));   // 08:00 Monday: the slot is at 09:30, the reminder two hours before
        gw.awaitBot("dm:r-ciren", "【预约提醒】");

        gw.say("dm:r-ciren", "r-ciren", "取消预约 " + apptId);
        gw.awaitBot("dm:r-ciren", "已取消预约");
    }

    @Test
    void staffCommands_fromAResident_areRefusedPolitely() {
        gw.say("g-ent-transport", "r-ciren", "老板欠我运费一直不给，帮忙调解一下");
        String id = ticketIdIn(gw.awaitBot("g-ent-transport", "工单号"));
        gw.say("g-ent-transport", "r-ciren", "接单 " + id);
        gw.awaitBot("g-ent-transport", "只有工作人员");
        assertEquals("DISPATCHED", gw.ticket(id).get("ticket").get("state").asText());
    }
}
