package zhijian.dispatch;

import org.junit.jupiter.api.Test;
import zhijian.appointment.Appointment;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;
import zhijian.message.OutboundMessage;
import zhijian.message.TimerEvent;
import zhijian.testing.RealSeeds;
import zhijian.ticket.Change;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketState;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One decision at a time, over the real seeds: message and state in, actions out. */
class DispatcherTest {
    /** Sunday 22 November 2026, 12:00 in 阿扎乡. */
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final String NEW_TICKET = "AZ-20261122-0001";

    private final Matrix matrix = RealSeeds.get().matrix();
    private final Dispatcher dispatcher = new Dispatcher(RealSeeds.get().rules());
    private int n;

    private InboundMessage msg(String chat, String from, String text, boolean mentioned) {
        String name = matrix.member(from).map(m -> m.name()).orElse(from);
        return new InboundMessage("m-" + (++n), "sim", "c-" + n, chat, from, name, text, mentioned, T0);
    }

    private List<Action> decide(InboundMessage m, Snapshot snap) {
        Group chat = matrix.chat(m.chat()).orElseThrow();
        return dispatcher.decide(dispatcher.plan(matrix, chat, m, null), snap);
    }

    private static Snapshot fresh() {
        return new Snapshot(T0, Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), NEW_TICKET, "AZY-20261122-0001");
    }

    private static Snapshot with(Ticket t) {
        return new Snapshot(T0, Map.of(t.id(), t), List.of(t), List.of(t), Map.of(), List.of(), Map.of(), null, null);
    }

    private static List<OutboundMessage> sends(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).message()).toList();
    }

    private static OutboundMessage sendTo(List<Action> actions, String chat) {
        return sends(actions).stream().filter(s -> s.chat().equals(chat)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing sent to " + chat + " in " + actions));
    }

    private static Change saved(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.SaveTicket).map(a -> ((Action.SaveTicket) a).change())
                .findFirst().orElseThrow(() -> new AssertionError("no ticket saved in " + actions));
    }

    private static boolean savesTicket(List<Action> actions) {
        return actions.stream().anyMatch(a -> a instanceof Action.SaveTicket);
    }

    private Ticket openTicket(String chat, String from, String text) {
        return saved(decide(msg(chat, from, text, false), fresh())).after();
    }

    // ---------------------------------------------------------------- residents

    @Test
    void idCardQuestion_isAnsweredInTheGroup_quotingTheAsker() {
        List<Action> out = decide(msg("g-zhangda", "r-ciren", "办身份证要带什么", true), fresh());
        OutboundMessage reply = sendTo(out, "g-zhangda");
        assertEquals("r-ciren", reply.mention());
        assertTrue(reply.text().startsWith("「办身份证要带什么」"), reply.text());
        assertTrue(reply.text().contains("户口簿"), reply.text());
        assertFalse(savesTicket(out), "an FAQ answer needs no ticket");
        assertEquals(1, sends(out).size());
    }

    @Test
    void smallTalk_inAGroup_isIgnored() {
        List<Action> out = decide(msg("g-zhangda", "r-ciren", "今天天气真好，晚上一起喝酥油茶", false), fresh());
        assertTrue(sends(out).isEmpty());
        assertTrue(out.stream().anyMatch(a -> a instanceof Action.Ignore));
    }

    @Test
    void unpaidFreight_goesToTheMediator_withTheOfficerCopied() {
        List<Action> out = decide(msg("g-ent-transport", "r-ciren", "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下", false), fresh());
        Ticket t = saved(out).after();
        assertEquals("dispute", t.category());
        assertEquals("v-zd-med", t.assignee());
        assertEquals(NEW_TICKET, t.id());
        assertTrue(sendTo(out, "g-ent-transport").text().contains(NEW_TICKET));
        assertTrue(sendTo(out, "dm:v-zd-med").text().contains("接单 " + NEW_TICKET));
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("抄送"));
    }

    @Test
    void aTip_isNeverEchoedIntoTheGroup() {
        String tip = "我要举报，村东头有人聚众赌博";
        List<Action> out = decide(msg("g-zhangda", "r-lhakpa", tip, false), fresh());
        Ticket t = saved(out).after();
        assertTrue(t.confidential());
        assertEquals("dm:r-lhakpa", t.chat(), "the ticket lives in the private chat");
        OutboundMessage group = sendTo(out, "g-zhangda");
        assertFalse(group.text().contains("赌博") || group.text().contains("举报") || group.text().contains(NEW_TICKET), group.text());
        assertNull(group.ticket(), "not even the ticket id in the group");
        assertTrue(sendTo(out, "dm:r-lhakpa").text().contains(NEW_TICKET));
        assertTrue(sendTo(out, "dm:p-tashi").text().contains(tip), "the officer gets the tip in private");
    }

    @Test
    void missingStudent_callsFor110_andPagesTheDutyOfficer() {
        List<Action> out = decide(msg("g-parents-school", "r-zhuoma", "我们班一个学生放学后一直没回家，到处找不到人了！", false), fresh());
        Ticket t = saved(out).after();
        String duty = matrix.station().dutyOfficerOn(java.time.LocalDate.of(2026, 11, 22));
        assertEquals("emergency", t.category());
        assertEquals("missing", t.kind());
        assertEquals(duty, t.assignee());
        assertEquals(T0.plus(Duration.ofMinutes(3)), t.signDue());
        assertTrue(sendTo(out, "g-parents-school").text().contains("110"));
        assertTrue(sendTo(out, "dm:" + duty).text().contains("【紧急求助·走失】"));
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("紧急求助"), "the grid's officer is told too");
    }

    @Test
    void aNewFaceInAGroup_isRememberedAsAResident() {
        InboundMessage m = new InboundMessage("m-x", "sim", "c-x", "g-deji", "r-new-1", "阿旺", "你好", false, T0);
        List<Action> out = dispatcher.decide(dispatcher.plan(matrix, matrix.chat("g-deji").orElseThrow(), m, null), fresh());
        Action.RememberResident r = (Action.RememberResident) out.stream().filter(a -> a instanceof Action.RememberResident)
                .findFirst().orElseThrow();
        assertEquals("阿旺", r.member().name());
        assertEquals("deji", r.member().homeGrid());
    }

    @Test
    void theBotsOwnMessages_andOfficersChatting_areIgnored() {
        assertTrue(sends(decide(msg("g-zhangda", "bot", "@次仁 收到", false), fresh())).isEmpty());
        assertTrue(sends(decide(msg("g-tier1", "p-duoji", "今晚谁值班？有人报警说路上起火", false), fresh())).isEmpty());
        assertTrue(sends(decide(msg("g-zhangda", "p-tashi", "大家注意防火，有事找我", false), fresh())).isEmpty());
    }

    @Test
    void aResident_cannotWorkTickets() {
        Ticket t = openTicket("g-ent-transport", "r-ciren", "老板欠我运费不给，帮忙调解");
        List<Action> out = decide(msg("g-ent-transport", "r-ciren", "办结 " + t.id() + " 我自己搞定了", false), with(t));
        assertFalse(savesTicket(out));
        assertTrue(sendTo(out, "g-ent-transport").text().contains("只有工作人员"));
    }

    // ---------------------------------------------------------------- staff

    @Test
    void officersReply_goesBackWhereTheResidentAsked() {
        Ticket t = openTicket("g-ent-transport", "r-ciren", "老板欠我运费不给，帮忙调解");
        List<Action> out = decide(msg("dm:v-zd-med", "v-zd-med", "回复 " + t.id() + " 明天上午我来车队调解", false), with(t));
        assertEquals(TicketState.IN_PROGRESS, saved(out).after().state());
        OutboundMessage toResident = sendTo(out, "g-ent-transport");
        assertEquals("r-ciren", toResident.mention());
        assertTrue(toResident.text().contains("明天上午我来车队调解"));
        assertTrue(sendTo(out, "dm:v-zd-med").text().contains("已转达"));
    }

    @Test
    void closing_tellsTheResidentAndAsksForARating_thenTheirFiveRatesIt() {
        Ticket t = openTicket("g-ent-transport", "r-ciren", "老板欠我运费不给，帮忙调解");
        Ticket closed = saved(decide(msg("dm:v-zd-med", "v-zd-med", "办结 " + t.id() + " 已调解，运费当场结清", false), with(t))).after();
        assertEquals(TicketState.FOLLOWED_UP, closed.state());
        List<Action> rated = decide(msg("g-ent-transport", "r-ciren", "5", false), with(closed));
        assertEquals(TicketState.RATED, saved(rated).after().state());
        assertTrue(sendTo(rated, "g-ent-transport").text().contains("谢谢"));
    }

    @Test
    void aBareNumber_withNothingToRate_isJustChat() {
        assertTrue(sends(decide(msg("g-zhangda", "r-ciren", "5", false), fresh())).isEmpty());
    }

    @Test
    void unsignedDeadline_escalatesOneStep_andPagesTheNext() {
        Ticket t = openTicket("g-parents-school", "r-zhuoma", "学生放学一直没回家，找不到人了");
        TimerEvent due = new TimerEvent(TimerEvent.Kind.SIGN, t.id(), 1, t.signDue());
        Snapshot later = new Snapshot(t.signDue(), Map.of(t.id(), t), List.of(), List.of(), Map.of(), List.of(), Map.of(), null, null);
        List<Action> out = dispatcher.decide(dispatcher.plan(matrix, due), later);
        Ticket up = saved(out).after();
        assertEquals("p-wang", up.assignee(), "duty officer → chief");
        assertTrue(sendTo(out, "dm:p-wang").text().contains("【升级】"));
        assertTrue(sendTo(out, "dm:" + t.assignee()).text().contains("已升级"));
    }

    @Test
    void statusQuestion_listsTheResidentsTickets() {
        Ticket t = openTicket("g-ent-transport", "r-ciren", "老板欠我运费不给，帮忙调解");
        List<Action> out = decide(msg("g-ent-transport", "r-ciren", "@指尖服务 我反映的事怎么样了", true), with(t));
        String text = sendTo(out, "g-ent-transport").text();
        assertTrue(text.contains(t.id()) && text.contains("派单"), text);
    }

    @Test
    void statusOfATip_asked_inAGroup_isAnsweredInPrivate() {
        Ticket tip = openTicket("g-zhangda", "r-lhakpa", "我要举报，村东头有人聚众赌博");
        List<Action> out = decide(msg("g-zhangda", "r-lhakpa", "查询 " + tip.id(), false), with(tip));
        assertFalse(sendTo(out, "g-zhangda").text().contains("举报"));
        assertTrue(sendTo(out, "dm:r-lhakpa").text().contains(tip.id()));
    }

    @Test
    void someoneElse_cannotReadMyTicket() {
        Ticket t = openTicket("g-ent-transport", "r-ciren", "老板欠我运费不给，帮忙调解");
        List<Action> out = decide(msg("g-zhangda", "r-lhakpa", "查询 " + t.id(), false), with(t));
        assertTrue(sendTo(out, "g-zhangda").text().contains("不是您反映的"));
    }

    // ---------------------------------------------------------------- appointments

    private List<Action> book(String text, Map<String, Integer> counts) {
        InboundMessage m = msg("g-zhangda", "r-ciren", text, true);
        Plan plan = dispatcher.plan(matrix, matrix.chat("g-zhangda").orElseThrow(), m, null);
        assertFalse(plan.needs().slots().isEmpty(), "the plan asks for slot counts");
        Snapshot snap = new Snapshot(T0, Map.of(), List.of(), List.of(), Map.of(), List.of(), counts, null, "AZY-20261122-0001");
        return dispatcher.decide(plan, snap);
    }

    private static Appointment booked(List<Action> out) {
        return out.stream().filter(a -> a instanceof Action.SaveAppointment).map(a -> ((Action.SaveAppointment) a).after())
                .findFirst().orElse(null);
    }

    @Test
    void booking_takesTheFirstFreeSlotAsked() {
        List<Action> out = book("预约明天上午办身份证", Map.of());
        Appointment a = booked(out);
        assertNotNull(a, "booked: " + out);
        assertEquals(java.time.LocalDate.of(2026, 11, 23), a.date());
        assertEquals(java.time.LocalTime.of(9, 30), a.time());
        assertEquals("huji", a.window());
        assertTrue(sendTo(out, "g-zhangda").text().contains("AZY-20261122-0001"));
    }

    @Test
    void aFullSlot_isSkipped_andAFullMorningOffersTheNextFreeTime() {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("huji|2026-11-23|09:30", 4);
        assertEquals(java.time.LocalTime.of(10, 30), booked(book("预约明天上午办身份证", counts)).time());

        counts.put("huji|2026-11-23|10:30", 4);
        counts.put("huji|2026-11-23|11:30", 4);
        List<Action> out = book("预约明天上午办身份证", counts);
        assertNull(booked(out), "nothing booked when the morning is full");
        String text = sendTo(out, "g-zhangda").text();
        assertTrue(text.contains("约满") && text.contains("15:30"), text);
    }

    @Test
    void booking_withoutAService_asksWhichOne() {
        List<Action> out = decide(msg("g-zhangda", "r-ciren", "我想预约明天上午", true), fresh());
        assertNull(booked(out));
        assertTrue(sendTo(out, "g-zhangda").text().contains("办理什么业务"));
    }

    // ---------------------------------------------------------------- found in review

    @Test
    void anEmergency_thatStartsWithANumber_isNotTakenForARating() {
        List<Action> out = decide(msg("g-parents-school", "r-zhuoma", "三分钟前娃掉河里了！快来人", true), fresh());
        assertEquals("emergency", saved(out).after().category());
    }

    @Test
    void staffWorkingATip_fromAGroup_hearBackInPrivate() {
        Ticket tip = openTicket("g-zhangda", "r-lhakpa", "我要举报，村东头有人聚众赌博");
        for (String cmd : new String[]{"接单 " + tip.id(), "回复 " + tip.id() + " 收到，我们会核查", "办结 " + tip.id() + " 已查处"}) {
            List<Action> out = decide(msg("g-zhangda", "p-tashi", cmd, false), with(tip));
            for (OutboundMessage m : sends(out)) {
                assertFalse(m.chat().equals("g-zhangda"), cmd + ": nothing about a tip goes into the group: " + m.text());
            }
            assertTrue(sends(out).stream().anyMatch(m -> m.chat().equals("dm:p-tashi")), cmd + ": the officer hears back");
        }
        List<Action> queue = decide(msg("g-zhangda", "p-tashi", "@指尖服务 我的工单", true), with(tip));
        assertFalse(sendTo(queue, "g-zhangda").text().contains(tip.id()));
        assertTrue(sendTo(queue, "dm:p-tashi").text().contains(tip.id()));
    }

    @Test
    void aVillageVolunteer_isHeardLikeAResident_butCannotReadATip() {
        List<Action> fire = decide(msg("g-zhangda", "v-zd-hh1", "救命！我家着火了，火很大", false), fresh());
        assertEquals("emergency", saved(fire).after().category(), "a 户长's own emergency is one");

        Ticket tip = openTicket("g-zhangda", "r-lhakpa", "我要举报，村东头有人聚众赌博");
        List<Action> out = decide(msg("dm:v-zd-hh1", "v-zd-hh1", "查询 " + tip.id(), false), with(tip));
        String text = sendTo(out, "dm:v-zd-hh1").text();
        assertTrue(text.contains("不是您反映的") && !text.contains("举报"), text);
    }

    @Test
    void commandWordsWithoutAnId_inAGroup_areChatUnlessTheBotIsAddressed() {
        assertTrue(sends(decide(msg("g-azha", "r-zhuoma", "工单", false), fresh())).isEmpty());
        assertTrue(sends(decide(msg("g-azha", "r-zhuoma", "？", false), fresh())).isEmpty());
        assertFalse(sends(decide(msg("g-azha", "r-zhuoma", "帮助", true), fresh())).isEmpty());
    }

    @Test
    void aTipFromTheBridge_isTakenButNothingAboutItGoesBackToAnUncheckableNickname() {
        zhijian.matrix.Address nick = new zhijian.matrix.Address("bridge", "次仁（货车）");
        InboundMessage m = new InboundMessage("m-b1", "bridge", "b1", "g-zhangda", nick.personId(), "次仁（货车）",
                "我要举报，村东头有人聚众赌博", false, T0, InboundMessage.Kind.TEXT, null, nick);
        List<Action> out = dispatcher.decide(dispatcher.plan(matrix, matrix.chat("g-zhangda").orElseThrow(), m, null), fresh());
        Ticket t = saved(out).after();
        OutboundMessage group = sendTo(out, "g-zhangda");
        assertFalse(group.text().contains(t.id()) || group.text().contains("赌博"), group.text());
        assertTrue(sends(out).stream().noneMatch(x -> x.chat().equals("dm:" + nick.personId())), "no private word to the nickname");
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("身份无法核实"), "the officer knows who this may be");

        // someone with that nickname asks about it, or the officer answers it: nothing goes out to them
        List<Action> status = decide(new InboundMessage("m-b2", "bridge", "b2", "g-zhangda", nick.personId(), "次仁（货车）",
                "查询 " + t.id(), false, T0, InboundMessage.Kind.TEXT, null, nick), with(t));
        assertTrue(sends(status).stream().noneMatch(x -> x.text().contains("赌博") || x.text().contains("状态：")));
        List<Action> reply = decide(msg("dm:p-tashi", "p-tashi", "回复 " + t.id() + " 我们已去核查", false), with(t));
        assertTrue(sends(reply).stream().noneMatch(x -> x.chat().equals("dm:" + nick.personId())));
        assertTrue(sendTo(reply, "dm:p-tashi").text().contains("未转达"));
    }
}
