package zhijian.dispatch;

import org.junit.jupiter.api.Test;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.broadcast.Clue;
import zhijian.broadcast.FanoutPlanner;
import zhijian.broadcast.Scope;
import zhijian.broadcast.ScopeParser;
import zhijian.broadcast.TargetStatus;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;
import zhijian.message.OutboundMessage;
import zhijian.message.SystemEvent;
import zhijian.message.TimerEvent;
import zhijian.testing.RealSeeds;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broadcast decisions over the real seeds: a message (or a timer, or the gateway's event) and a hand-built
 * {@link Snapshot.Broadcasts} in, the broadcast saved and who is told what out.
 */
class BroadcastDecisionTest {
    /** Sunday 22 November 2026, 12:00 in 阿扎乡 (ISO week 2026-W47). */
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final String BID = "B-20261122-0001";
    private static final String OTHER = "B-20261122-0002";

    /** 章达村 阿扎乡小学, in the matrix's order. */
    private static final List<String> ZHANGDA_AND_SCHOOL = List.of("g-zhangda", "g-zhangda-1", "g-ent-transport",
            "g-parents-school", "g-parents-kinder");
    /** The rest of the township. */
    private static final List<String> REST_OF_TOWNSHIP = List.of("g-azha", "g-deji", "g-pare", "g-xuega", "g-qionguo",
            "g-qionguo-2", "g-ent-gravel", "g-venue-market", "g-venue-teahouse");
    private static final List<String> TOWNSHIP = List.of("g-zhangda", "g-zhangda-1", "g-azha", "g-deji", "g-pare",
            "g-xuega", "g-qionguo", "g-qionguo-2", "g-ent-transport", "g-ent-gravel", "g-venue-market",
            "g-venue-teahouse", "g-parents-school", "g-parents-kinder");
    private static final List<String> OUTBOUND_NAMES = List.of("警情通报", "治安防范", "消防安全", "反电诈预警", "预警提示",
            "公安服务指南", "法律法规宣传", "寻人寻物");

    private final Matrix matrix = RealSeeds.get().matrix();
    private final Dispatcher dispatcher = new Dispatcher(RealSeeds.get().rules());
    private int n;

    // ---------------------------------------------------------------- building inputs

    private InboundMessage msg(String chat, String from, String text) {
        return msg(chat, from, text, false);
    }

    private InboundMessage msg(String chat, String from, String text, boolean mentioned) {
        String name = matrix.member(from).map(m -> m.name()).orElse(from);
        return new InboundMessage("m-" + (++n), "sim", "c-" + n, chat, from, name, text, mentioned, T0);
    }

    private Plan plan(InboundMessage m) {
        return plan(matrix, m);
    }

    private static Plan plan(Matrix on, InboundMessage m) {
        return new Dispatcher(RealSeeds.get().rules()).plan(on, on.chat(m.chat()).orElseThrow(), m, null);
    }

    private static Snapshot snap(Instant now, Snapshot.Broadcasts b) {
        return new Snapshot(now, Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), "AZ-20261122-0001",
                "AZY-20261122-0001", b);
    }

    private List<Action> decide(InboundMessage m, Snapshot.Broadcasts b) {
        return dispatcher.decide(plan(m), snap(T0, b));
    }

    private List<Action> decide(InboundMessage m, Instant now, Snapshot.Broadcasts b) {
        return dispatcher.decide(plan(m), snap(now, b));
    }

    private static Snapshot.Broadcasts newId() {
        return new Snapshot.Broadcasts(Map.of(), Map.of(), List.of(), BID);
    }

    private static Snapshot.Broadcasts named(Broadcast... bs) {
        return named(Map.of(), bs);
    }

    private static Snapshot.Broadcasts named(Map<String, BroadcastLedger> ledgers, Broadcast... bs) {
        Map<String, Broadcast> m = new HashMap<>();
        for (Broadcast b : bs) m.put(b.id(), b);
        return new Snapshot.Broadcasts(m, ledgers, List.of(), null);
    }

    private static Snapshot.Broadcasts open(Broadcast... bs) {
        return new Snapshot.Broadcasts(Map.of(), Map.of(), List.of(bs), null);
    }

    /** The broadcast open, with a ledger where its first wave was sent to these chats. */
    private static Snapshot.Broadcasts openSentTo(Broadcast b, String... chats) {
        Map<String, BroadcastLedger.Line> lines = new HashMap<>();
        for (String c : chats) lines.put(c, new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, b.sentAt()));
        return new Snapshot.Broadcasts(Map.of(), Map.of(b.id(), new BroadcastLedger(Map.of(1, lines), Map.of(), List.of(),
                Map.of())), List.of(b), null);
    }

    private Scope scope(String text) {
        return ScopeParser.parse(text, matrix).scope();
    }

    private static Broadcast.Wave alert(int n, String text, List<String> targets, Instant at, String reason) {
        return new Broadcast.Wave(n, Broadcast.Wave.Kind.ALERT, text, "【寻人】阿扎乡派出所", text, targets, at, reason);
    }

    private static Broadcast.Wave update(int n, String text, List<String> targets, Instant at) {
        return new Broadcast.Wave(n, Broadcast.Wave.Kind.UPDATE, text, "【寻人·更正】阿扎乡派出所", text, targets, at, null);
    }

    /** An active 寻人 case by {@code publisher}, sent an hour before T0 to 章达村 阿扎乡小学. */
    private Broadcast missingCase(String id, String publisher) {
        Instant sent = T0.minus(Duration.ofHours(1));
        return new Broadcast(id, "missing", "寻人", Broadcast.Severity.SEVERE, scope("章达村 阿扎乡小学"),
                "寻找走失儿童小明，8岁，身穿蓝色校服。", publisher, "g-tier1", sent, sent, sent.plus(Duration.ofDays(7)),
                Broadcast.State.ACTIVE, true, true, List.of(alert(1, "寻找走失儿童小明，8岁，身穿蓝色校服。", ZHANGDA_AND_SCHOOL,
                sent, null)), 0, null, null, null, 1);
    }

    private Broadcast withWaves(Broadcast b, int widened, Broadcast.Wave... waves) {
        return new Broadcast(b.id(), b.category(), b.word(), b.severity(), b.scope(), b.text(), b.publisher(),
                b.fromChat(), b.createdAt(), b.sentAt(), b.expiresAt(), b.state(), b.urgent(), b.missingPerson(),
                List.of(waves), widened, b.closedBy(), b.closedAt(), b.closeNote(), b.version() + waves.length);
    }

    private static Broadcast inState(Broadcast b, Broadcast.State s) {
        return new Broadcast(b.id(), b.category(), b.word(), b.severity(), b.scope(), b.text(), b.publisher(),
                b.fromChat(), b.createdAt(), b.sentAt(), b.expiresAt(), s, b.urgent(), b.missingPerson(), b.waves(),
                b.widened(), b.closedBy(), b.closedAt(), b.closeNote(), b.version());
    }

    /** An active 反诈预警 to the whole township by {@code publisher}, not urgent. */
    private Broadcast antifraud(String id, String publisher) {
        Instant sent = T0.minus(Duration.ofHours(2));
        return new Broadcast(id, "antifraud", "反诈预警", Broadcast.Severity.MODERATE, scope("全乡"), "近期有人冒充客服。",
                publisher, "g-tier1", sent, sent, sent.plus(Duration.ofDays(7)), Broadcast.State.ACTIVE, false, false,
                List.of(alert(1, "近期有人冒充客服。", TOWNSHIP, sent, null)), 0, null, null, null, 1);
    }

    /** A 反诈预警 preview to the whole township by {@code publisher}, created at {@code at}. */
    private Broadcast preview(String publisher, Instant at) {
        return preview(publisher, at, "全乡");
    }

    private Broadcast preview(String publisher, Instant at, String scopeText) {
        return new Broadcast(BID, "antifraud", "反诈预警", Broadcast.Severity.MODERATE, scope(scopeText), "近期有人冒充客服。",
                publisher, "g-tier1", at, null, at.plus(Duration.ofDays(7)), Broadcast.State.PREVIEW, false, false,
                List.of(), 0, null, null, null, 0);
    }

    // ---------------------------------------------------------------- reading outputs

    private static List<OutboundMessage> sends(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).message()).toList();
    }

    private static OutboundMessage sendTo(List<Action> actions, String chat) {
        List<OutboundMessage> to = sends(actions).stream().filter(s -> s.chat().equals(chat)).toList();
        if (to.size() != 1) throw new AssertionError(to.size() + " messages to " + chat + " in " + actions);
        return to.get(0);
    }

    private static Set<String> chatsTold(List<Action> actions) {
        return sends(actions).stream().map(OutboundMessage::chat).collect(Collectors.toSet());
    }

    private static Action.SaveBroadcast saved(List<Action> actions) {
        List<Action.SaveBroadcast> s = actions.stream().filter(a -> a instanceof Action.SaveBroadcast)
                .map(a -> (Action.SaveBroadcast) a).toList();
        if (s.size() != 1) throw new AssertionError(s.size() + " broadcasts saved in " + actions);
        return s.get(0);
    }

    private static boolean savesBroadcast(List<Action> actions) {
        return actions.stream().anyMatch(a -> a instanceof Action.SaveBroadcast);
    }

    private static boolean ignored(List<Action> actions) {
        return actions.stream().anyMatch(a -> a instanceof Action.Ignore);
    }

    private static Set<String> keys(List<TimerEvent> timers) {
        return timers.stream().map(TimerEvent::key).collect(Collectors.toSet());
    }

    private static TimerEvent timer(List<TimerEvent> timers, String key) {
        return timers.stream().filter(t -> t.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no timer " + key + " in " + timers));
    }

    /** Every timer a closed broadcast must have cancelled. */
    private static void cancelsEveryTimer(Action.SaveBroadcast s, Broadcast before) {
        assertTrue(s.cancel().contains("EXPIRE|" + before.id() + "|1"), s.cancel().toString());
        assertTrue(s.cancel().contains("WIDEN|" + before.id() + "|1"), s.cancel().toString());
        assertTrue(s.cancel().contains("WIDEN|" + before.id() + "|2"), s.cancel().toString());
        for (Broadcast.Wave w : before.waves()) {
            if (w.kind() == Broadcast.Wave.Kind.ALERT) {
                assertTrue(s.cancel().contains("ACK_CHECK|" + before.id() + "|" + w.n()), s.cancel().toString());
            }
        }
        assertEquals(Set.of("PURGE|" + before.id() + "|1"), keys(s.schedule()),
                "only the purge after the retention is scheduled: " + s.schedule());
    }

    // ================================================================ publishing

    @Test
    void anOfficersPublication_inTier1_isPreviewedNotSent() {
        InboundMessage m = msg("g-tier1", "p-duoji", "发布【反诈预警】全乡：近期有人冒充快递客服，以理赔为名骗取验证码。");
        Plan p = plan(m);
        assertEquals(Command.Type.PUBLISH, p.command().type());
        assertTrue(p.needs().newBroadcastId(), "the plan asks for a new broadcast id");
        assertNull(p.ignore());

        List<Action> out = dispatcher.decide(p, snap(T0, newId()));
        Action.SaveBroadcast s = saved(out);
        assertNull(s.before(), "a new broadcast");
        assertNull(s.wave(), "nothing goes out before 确认");
        assertEquals(List.of(new TimerEvent(TimerEvent.Kind.EXPIRE, BID, 1, T0.plus(Duration.ofHours(24)))), s.schedule(),
                "an unconfirmed preview lapses after preview_valid");
        assertTrue(s.cancel().isEmpty());
        assertEquals("2026-W47", s.week());
        Broadcast b = s.after();
        assertEquals(BID, b.id());
        assertEquals(Broadcast.State.PREVIEW, b.state());
        assertEquals("antifraud", b.category());
        assertEquals("反诈预警", b.word());
        assertEquals(Broadcast.Severity.MODERATE, b.severity());
        assertEquals("近期有人冒充快递客服，以理赔为名骗取验证码。", b.text());
        assertEquals("p-duoji", b.publisher());
        assertEquals("g-tier1", b.fromChat());
        assertTrue(b.scope().township());
        assertEquals("全乡", b.scope().label());
        assertNull(b.sentAt());
        assertEquals(T0, b.createdAt());
        assertEquals(T0.plus(Duration.ofDays(7)), b.expiresAt());
        assertFalse(b.urgent() || b.missingPerson());
        assertTrue(b.waves().isEmpty());
        assertEquals(0, b.version());

        assertEquals(Set.of("g-tier1"), chatsTold(out), "only the publisher hears of it, where they wrote");
        OutboundMessage reply = sendTo(out, "g-tier1");
        assertEquals("p-duoji", reply.mention());
        assertEquals(m.id(), reply.replyTo());
        String text = reply.text();
        assertTrue(text.contains(BID), text);
        assertTrue(text.contains("14 个群"), text);
        assertTrue(text.contains("个人微信群桥接 12") && text.contains("企业微信客户群 2"), text);
        assertTrue(text.contains("确认 " + BID) && text.contains("取消 " + BID), text);
        assertTrue(text.contains("群主"), "the two customer groups need their owner's tap: " + text);
    }

    @Test
    void anOfficer_mayPublishFromTheirPrivateChatToo() {
        List<Action> out = decide(msg("dm:p-tashi", "p-tashi", "发布【消防安全】章达村：冬季取暖注意用火安全。"), newId());
        Broadcast b = saved(out).after();
        assertEquals(Broadcast.State.PREVIEW, b.state());
        assertEquals("dm:p-tashi", b.fromChat());
        assertEquals(List.of("g-zhangda", "g-zhangda-1", "g-ent-transport", "g-parents-kinder"),
                FanoutPlanner.targets(matrix, b.scope()).stream().map(Group::id).toList());
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("4 个群"));
    }

    @Test
    void aResident_orAGridWorker_isPolitelyRefused() {
        for (String[] who : new String[][]{{"dm:r-ciren", "r-ciren"}, {"dm:v-zd-gw", "v-zd-gw"}, {"g-zhangda", "v-zd-gw"},
                {"g-zhangda", "r-ciren"}}) {
            // in a group, said to the bot (@): without the @ it is just words in a conversation (below)
            List<Action> out = decide(msg(who[0], who[1], "发布【反诈预警】全乡：近期有人冒充客服。", who[0].startsWith("g-")), newId());
            assertFalse(savesBroadcast(out), who[1]);
            String text = sendTo(out, who[0]).text();
            assertTrue(text.contains("没有发布权限"), text);
            assertEquals(Set.of(who[0]), chatsTold(out));
        }
    }

    @Test
    void aResidentsBroadcastCommand_inATier2Group_withoutAnAt_isLeftAlone() {
        for (String text : List.of("发布【反诈预警】全乡：近期有人冒充客服。", "确认 " + BID, "取消 " + BID, "已找到 " + BID)) {
            List<Action> out = decide(msg("g-zhangda", "r-ciren", text), named(preview("p-duoji", T0.minus(Duration.ofHours(1)))));
            assertFalse(savesBroadcast(out), text);
            assertTrue(chatsTold(out).isEmpty(), text + " → " + out);
        }
    }

    @Test
    void anOfficer_publishingInATier2Group_isAskedToPublishInTier1() {
        List<Action> out = decide(msg("g-zhangda", "p-tashi", "发布【反诈预警】全乡：近期有人冒充客服。"), newId());
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "g-zhangda").text();
        assertTrue(text.contains("一级群"), text);
        assertEquals(Set.of("g-zhangda"), chatsTold(out));
    }

    @Test
    void anUnknownCategory_isAnsweredWithTheOutboundCategories() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "发布【招聘信息】全乡：某厂招工。"), newId());
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "g-tier1").text();
        assertTrue(text.contains("招聘信息"), text);
        for (String name : OUTBOUND_NAMES) assertTrue(text.contains(name), name + " missing from " + text);
        assertFalse(text.contains("业务咨询") || text.contains("紧急求助"), "inbound items are not publishable: " + text);
    }

    @Test
    void anUnknownScopeWord_isNamed_andNothingIsSaved() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "发布【反诈预警】章达村 火星村：近期有人冒充客服。"), newId());
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "g-tier1").text();
        assertTrue(text.contains("火星村"), text);
    }

    @Test
    void aScopeWithNoGroups_publishesNothing() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "发布【反诈预警】章达村 场所群：近期有人冒充客服。"), newId());
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "g-tier1").text().contains("没有可以发送的二级群"));
    }

    @Test
    void aMalformedPublication_getsTheFormat() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "发布【反诈预警】全乡："), newId());
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "g-tier1").text().contains("内容是空的"));
    }

    // ---------------------------------------------------------------- urgent categories go out at once

    @Test
    void aMissingPerson_goesOutAtOnce_withWideningTimers() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "发布【寻人】章达村 阿扎乡小学：寻找走失儿童小明，8岁，身穿蓝色校服。"), newId());
        Action.SaveBroadcast s = saved(out);
        Broadcast b = s.after();
        assertNull(s.before());
        assertEquals(Broadcast.State.ACTIVE, b.state());
        assertTrue(b.urgent() && b.missingPerson());
        assertEquals(Broadcast.Severity.SEVERE, b.severity());
        assertEquals(T0, b.sentAt());
        assertEquals(T0.plus(Duration.ofDays(7)), b.expiresAt());

        Broadcast.Wave w = s.wave();
        assertNotNull(w, "the first Alert goes to the fan-out");
        assertEquals(1, w.n());
        assertEquals(Broadcast.Wave.Kind.ALERT, w.kind());
        assertEquals(ZHANGDA_AND_SCHOOL, w.targets());
        assertEquals(List.of(w), b.waves());
        assertEquals("【寻人】阿扎乡派出所", w.title());
        assertTrue(w.body().startsWith("寻找走失儿童小明，8岁，身穿蓝色校服。"), w.body());
        assertTrue(w.body().contains(BID) && w.body().contains("线索") && w.body().contains("收到"), w.body());

        assertEquals(Set.of("EXPIRE|" + BID + "|1", "ACK_CHECK|" + BID + "|1", "WIDEN|" + BID + "|1",
                "WIDEN|" + BID + "|2"), keys(s.schedule()));
        assertEquals(T0.plus(Duration.ofDays(7)), timer(s.schedule(), "EXPIRE|" + BID + "|1").due());
        assertEquals(T0.plus(Duration.ofMinutes(30)), timer(s.schedule(), "ACK_CHECK|" + BID + "|1").due());
        assertEquals(T0.plus(Duration.ofMinutes(30)), timer(s.schedule(), "WIDEN|" + BID + "|1").due());
        assertEquals(T0.plus(Duration.ofHours(2)), timer(s.schedule(), "WIDEN|" + BID + "|2").due());

        String reply = sendTo(out, "g-tier1").text();
        assertTrue(reply.contains("【已发出】") && reply.contains(BID) && reply.contains("5 个群"), reply);
        assertTrue(reply.contains("已找到 " + BID), reply);
        assertEquals(Set.of("g-tier1"), chatsTold(out), "the groups get it through the fan-out, not as replies");
    }

    @Test
    void aLostItem_isPreviewedLikeAnyNotice_andNeverWidens() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "发布【寻物】全乡：有人在集市捡到一个黑色钱包。"), newId());
        Action.SaveBroadcast s = saved(out);
        assertEquals(Broadcast.State.PREVIEW, s.after().state(), "寻物 is filed under 寻人寻物 but is not urgent");
        assertFalse(s.after().urgent());
        assertFalse(s.after().missingPerson());
        assertEquals(Broadcast.Severity.MINOR, s.after().severity());
        assertNull(s.wave());
        assertEquals(Set.of("EXPIRE|" + BID + "|1"), keys(s.schedule()), "only the preview's lapse");
        String reply = sendTo(out, "g-tier1").text();
        assertTrue(reply.contains("【发布预览】"), reply);
        assertFalse(reply.contains("已找到"), "no 已找到 for a wallet");
    }

    @Test
    void anUrgentWarning_goesOutAtOnce_forADay() {
        List<Action> out = decide(msg("dm:p-wang", "p-wang", "发布【紧急预警】全乡：今晚有暴雪，请减少外出。"), newId());
        Action.SaveBroadcast s = saved(out);
        Broadcast b = s.after();
        assertEquals(Broadcast.State.ACTIVE, b.state());
        assertEquals("warning", b.category());
        assertFalse(b.missingPerson());
        assertEquals(Broadcast.Severity.SEVERE, b.severity());
        assertEquals(TOWNSHIP, s.wave().targets());
        assertEquals(Set.of("EXPIRE|" + BID + "|1", "ACK_CHECK|" + BID + "|1"), keys(s.schedule()));
        assertEquals(T0.plus(Duration.ofDays(1)), timer(s.schedule(), "EXPIRE|" + BID + "|1").due());
    }

    // ---------------------------------------------------------------- 确认

    @Test
    void confirmByThePublisher_sendsOneAlert_toTheScopePlannedAgain() {
        Broadcast pv = preview("p-duoji", T0.minus(Duration.ofHours(3)), "章达村 阿扎乡小学");
        // since the preview, 章达村一组群 was switched off: the confirmed wave must leave it out
        List<Group> groups = matrix.groups().stream().map(g -> !g.id().equals("g-zhangda-1") ? g
                : new Group(g.id(), g.name(), g.tier(), g.kind(), g.grid(), g.admin(), g.members(), g.channel(),
                g.channelRef(), false, g.aliases())).toList();
        Matrix changed = new Matrix(matrix.station(), matrix.grids(), groups, matrix.members());

        InboundMessage m = msg("g-tier1", "p-duoji", "确认 " + BID.toLowerCase());
        Plan p = plan(changed, m);
        assertEquals(Command.Type.CONFIRM_BROADCAST, p.command().type());
        assertEquals(Set.of(BID), p.needs().broadcasts());
        List<Action> out = dispatcher.decide(p, snap(T0, named(pv)));

        Action.SaveBroadcast s = saved(out);
        assertSame(pv, s.before(), "written only over the preview it was decided on");
        Broadcast b = s.after();
        assertEquals(Broadcast.State.ACTIVE, b.state());
        assertEquals(pv.version() + 1, b.version());
        assertEquals(T0, b.sentAt());
        assertEquals(T0.plus(Duration.ofDays(7)), b.expiresAt(), "in force from when it went out");
        assertEquals(1, b.waves().size());
        assertEquals(Broadcast.Wave.Kind.ALERT, s.wave().kind());
        assertEquals(List.of("g-zhangda", "g-ent-transport", "g-parents-school", "g-parents-kinder"), s.wave().targets());
        assertEquals(Set.of("EXPIRE|" + BID + "|1"), keys(s.schedule()), "not urgent: no 收到 asked, no widening");
        assertEquals("2026-W47", s.week());
        String reply = sendTo(out, "g-tier1").text();
        assertTrue(reply.contains("【开始发送】") && reply.contains("4 个群"), reply);
    }

    @Test
    void confirmByAnotherOfficer_isRefused() {
        Broadcast pv = preview("p-liu", T0.minus(Duration.ofHours(1)));
        List<Action> out = decide(msg("g-tier1", "p-duoji", "确认 " + BID), named(pv));
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "g-tier1").text();
        assertTrue(text.contains("刘洋") && text.contains("只有发布人或所长"), text);
    }

    @Test
    void confirmByAResident_isRefusedAsNotAllowed() {
        Broadcast pv = preview("p-liu", T0.minus(Duration.ofHours(1)));
        List<Action> out = decide(msg("dm:r-ciren", "r-ciren", "确认 " + BID), named(pv));
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "dm:r-ciren").text().contains("没有发布权限"));
    }

    @Test
    void confirmByTheChief_works() {
        Broadcast pv = preview("p-liu", T0.minus(Duration.ofHours(1)));
        List<Action> out = decide(msg("dm:p-wang", "p-wang", "确认 " + BID), named(pv));
        Action.SaveBroadcast s = saved(out);
        assertEquals(Broadcast.State.ACTIVE, s.after().state());
        assertEquals("p-liu", s.after().publisher(), "still the publisher's broadcast");
        assertEquals(TOWNSHIP, s.wave().targets());
    }

    @Test
    void confirmAfterThePreviewLapsed_sendsNothing() {
        Broadcast pv = preview("p-duoji", T0.minus(Duration.ofHours(24)).minus(Duration.ofMinutes(1)));
        List<Action> out = decide(msg("g-tier1", "p-duoji", "确认 " + BID), named(pv));
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "g-tier1").text();
        assertTrue(text.contains(BID) && text.contains("请重新发布"), text);

        Broadcast fresh = preview("p-duoji", T0.minus(Duration.ofHours(23)));
        assertTrue(savesBroadcast(decide(msg("g-tier1", "p-duoji", "确认 " + BID), named(fresh))), "23 hours is in time");
    }

    @Test
    void confirmingTwice_sendsNothingMore() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "确认 " + BID), named(antifraud(BID, "p-duoji")));
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "g-tier1").text().contains("已经发出了"));
    }

    @Test
    void anUnknownId_isSaidSo() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "确认 " + BID), named());
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "g-tier1").text().contains("没有找到发布 " + BID));
    }

    // ---------------------------------------------------------------- 取消, 更正

    @Test
    void cancellingAPreview_discardsIt_withoutAWave() {
        Broadcast pv = preview("p-duoji", T0.minus(Duration.ofHours(1)));
        List<Action> out = decide(msg("g-tier1", "p-duoji", "取消 " + BID), named(pv));
        Action.SaveBroadcast s = saved(out);
        assertSame(pv, s.before());
        assertEquals(Broadcast.State.DISCARDED, s.after().state());
        assertEquals("p-duoji", s.after().closedBy());
        assertEquals(T0, s.after().closedAt());
        assertNull(s.wave(), "nothing was sent, nothing to withdraw");
        assertTrue(s.after().waves().isEmpty());
        assertEquals(pv.version() + 1, s.after().version());
        assertTrue(sendTo(out, "g-tier1").text().contains("已作废"));
    }

    @Test
    void cancellingAnActiveBroadcast_sendsACancel_toExactlyEveryChatAnAlertReached() {
        Instant sent = T0.minus(Duration.ofHours(1));
        Broadcast base = missingCase(BID, "p-duoji");
        Broadcast b = withWaves(base, 1,
                base.waves().get(0),
                update(2, "更正：身穿红色外套。", List.of("g-zhangda", "g-stray"), sent.plusSeconds(600)),
                alert(3, "更正：身穿红色外套。", REST_OF_TOWNSHIP, sent.plus(Duration.ofMinutes(30)), "扩大到全乡各群"));
        List<Action> out = decide(msg("g-tier1", "p-duoji", "取消 " + BID + " 信息有误，以新发布为准"), named(b));
        Action.SaveBroadcast s = saved(out);
        assertSame(b, s.before());
        Broadcast after = s.after();
        assertEquals(Broadcast.State.CANCELLED, after.state());
        assertEquals("p-duoji", after.closedBy());
        assertEquals("信息有误，以新发布为准", after.closeNote());
        assertEquals(b.version() + 1, after.version());

        Broadcast.Wave w = s.wave();
        assertEquals(Broadcast.Wave.Kind.CANCEL, w.kind());
        assertEquals(4, w.n());
        assertEquals(b.addressed(), w.targets());
        assertEquals(14, w.targets().size());
        assertFalse(w.targets().contains("g-stray"), "an Update's chats are not Alert chats");
        assertEquals("【寻人·撤销】阿扎乡派出所", w.title());
        assertTrue(w.body().contains("现已撤销") && w.body().contains("信息有误，以新发布为准"), w.body());
        assertEquals(w, after.waves().get(3));
        cancelsEveryTimer(s, b);
        assertTrue(sendTo(out, "g-tier1").text().contains("此前已经发出的群"));
    }

    @Test
    void cancellingSomethingClosed_doesNothing() {
        Broadcast found = inState(missingCase(BID, "p-duoji"), Broadcast.State.FOUND);
        List<Action> out = decide(msg("g-tier1", "p-duoji", "取消 " + BID), named(found));
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "g-tier1").text().contains("已找到"));
    }

    @Test
    void cancelByAnotherOfficer_isRefused_butTheChiefMay() {
        Broadcast b = antifraud(BID, "p-liu");
        assertFalse(savesBroadcast(decide(msg("g-tier1", "p-duoji", "撤销 " + BID), named(b))));
        Action.SaveBroadcast s = saved(decide(msg("g-tier1", "p-wang", "撤销 " + BID), named(b)));
        assertEquals(Broadcast.State.CANCELLED, s.after().state());
        assertEquals("p-wang", s.after().closedBy());
        assertEquals(TOWNSHIP, s.wave().targets());
    }

    @Test
    void anUpdate_goesToEveryChatAnAlertReached() {
        Broadcast base = missingCase(BID, "p-duoji");
        Broadcast b = withWaves(base, 1, base.waves().get(0),
                alert(2, base.text(), REST_OF_TOWNSHIP, T0.minus(Duration.ofMinutes(30)), "扩大到全乡各群"));
        List<Action> out = decide(msg("dm:p-duoji", "p-duoji", "更正 " + BID + "  孩子身穿红色外套，不是蓝色校服。 "), named(b));
        Action.SaveBroadcast s = saved(out);
        Broadcast.Wave w = s.wave();
        assertEquals(Broadcast.Wave.Kind.UPDATE, w.kind());
        assertEquals(3, w.n());
        assertEquals(b.addressed(), w.targets());
        assertEquals(14, w.targets().size());
        assertEquals("孩子身穿红色外套，不是蓝色校服。", w.text());
        assertTrue(w.body().contains("更正") && w.body().contains("孩子身穿红色外套，不是蓝色校服。"), w.body());
        assertEquals("【寻人·更正】阿扎乡派出所", w.title());
        Broadcast after = s.after();
        assertEquals(Broadcast.State.ACTIVE, after.state());
        assertEquals("孩子身穿红色外套，不是蓝色校服。", after.currentText());
        assertEquals(b.version() + 1, after.version());
        assertTrue(s.schedule().isEmpty() && s.cancel().isEmpty(), "an Update changes no timer");
        assertTrue(sendTo(out, "dm:p-duoji").text().contains("更正正发往"));
    }

    @Test
    void anUpdateOfAPreview_isRefused() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "更正 " + BID + " 新内容"),
                named(preview("p-duoji", T0.minus(Duration.ofHours(1)))));
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "g-tier1").text();
        assertTrue(text.contains("还没有发出") && text.contains("取消 " + BID), text);
    }

    // ---------------------------------------------------------------- 已找到

    @Test
    void found_closesTheCase_andSendsACancelEverywhereItWent() {
        Broadcast b = missingCase(BID, "p-duoji");
        Clue c1 = new Clue("m-a", "g-zhangda", "r-ciren", "次仁", "我在服务区看见一个穿校服的孩子", T0.minusSeconds(900));
        Clue c2 = new Clue("m-b", "g-parents-school", "r-zhuoma", "卓玛", "好像看到他往河边走了", T0.minusSeconds(600));
        BroadcastLedger ledger = new BroadcastLedger(Map.of(), Map.of(), List.of(c1, c2), Map.of());
        InboundMessage m = msg("g-tier1", "p-duoji", "已找到 " + BID + " 孩子在亲戚家，平安");
        Plan p = plan(m);
        assertEquals(Command.Type.FOUND, p.command().type());
        assertEquals(Set.of(BID), p.needs().broadcasts());
        assertTrue(p.needs().ledgers(), "the clue count needs the ledger");
        List<Action> out = dispatcher.decide(p, snap(T0, named(Map.of(BID, ledger), b)));

        Action.SaveBroadcast s = saved(out);
        assertEquals(Broadcast.State.FOUND, s.after().state());
        assertEquals("p-duoji", s.after().closedBy());
        assertEquals("孩子在亲戚家，平安", s.after().closeNote());
        assertEquals(Broadcast.Wave.Kind.CANCEL, s.wave().kind());
        assertEquals(ZHANGDA_AND_SCHOOL, s.wave().targets());
        assertTrue(s.wave().body().contains("人已找到"), s.wave().body());
        cancelsEveryTimer(s, b);
        String reply = sendTo(out, "g-tier1").text();
        assertTrue(reply.contains("已结案") && reply.contains("线索 2 条"), reply);
    }

    @Test
    void found_withoutAnId_closesNothing_andAsksForTheNumberOfTheOfficersCase() {
        Broadcast mine = missingCase(BID, "p-duoji");
        Broadcast someoneElses = missingCase(OTHER, "p-liu");
        InboundMessage m = msg("dm:p-duoji", "p-duoji", "已找到");
        Plan p = plan(m);
        assertEquals(Command.Type.FOUND, p.command().type());
        assertNull(p.command().id());
        assertTrue(p.needs().openBroadcasts(), "the plan asks for the open cases");
        List<Action> out = dispatcher.decide(p, snap(T0, open(someoneElses, mine, antifraud("B-20261122-0003", "p-duoji"))));
        assertFalse(savesBroadcast(out), "closing a case tells every group: only with its number");
        String reply = sendTo(out, "dm:p-duoji").text();
        assertTrue(reply.contains("已找到 编号") && reply.contains(BID), reply);
        assertFalse(reply.contains(OTHER) || reply.contains("B-20261122-0003"), "only the officer's own 寻人 cases: " + reply);
    }

    @Test
    void found_withoutAnId_andNoOpenCase_asksWhich() {
        List<Action> out = decide(msg("dm:p-duoji", "p-duoji", "已找到"), open(missingCase(OTHER, "p-liu")));
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "dm:p-duoji").text().contains("已找到 编号"));
    }

    @Test
    void found_withoutAnId_andTwoOpenCases_asksWhich_listingBoth() {
        List<Action> out = decide(msg("dm:p-duoji", "p-duoji", "已找到"),
                open(missingCase(BID, "p-duoji"), missingCase(OTHER, "p-duoji")));
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "dm:p-duoji").text();
        assertTrue(text.contains(BID) && text.contains(OTHER) && text.contains("已找到 编号"), text);
    }

    @Test
    void found_fromAResident_isNotACommand() {
        for (String chat : List.of("g-zhangda", "dm:r-ciren")) {
            InboundMessage m = msg(chat, "r-ciren", "已找到 " + BID);
            Plan p = plan(m);
            assertEquals(Command.Type.NONE, p.command().type(), chat);
            // what people say: in a group, unaddressed words that are no request are small talk; in private, classified
            assertTrue(chat.startsWith("g-") ? "small talk".equals(p.ignore()) : p.classification() != null,
                    chat + ": " + p);
            List<Action> out = dispatcher.decide(p, snap(T0, named(missingCase(BID, "p-duoji"))));
            assertFalse(savesBroadcast(out), chat);
            assertTrue(sends(out).stream().noneMatch(x -> x.text().contains("已结案")), chat);
        }
    }

    @Test
    void anOfficersRemark_thatHappensToStartWith已找到_doesNotCloseTheirCase() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "已找到车主了，已通知他挪车"), open(missingCase(BID, "p-duoji")));
        assertFalse(savesBroadcast(out), out.toString());
    }

    @Test
    void found_onANonMissingBroadcast_isRefused() {
        List<Action> out = decide(msg("g-tier1", "p-duoji", "已找到 " + BID), named(antifraud(BID, "p-duoji")));
        assertFalse(savesBroadcast(out));
        assertTrue(sendTo(out, "g-tier1").text().contains("不是寻人启事"));
    }

    // ---------------------------------------------------------------- 进度

    @Test
    void progress_forPolice_givesTheCountsOfTheLedger() {
        Broadcast b = missingCase(BID, "p-duoji");
        Instant at = T0.minus(Duration.ofMinutes(50));
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, Map.of(
                "g-zhangda", new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, at),
                "g-zhangda-1", new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, at),
                "g-ent-transport", new BroadcastLedger.Line(TargetStatus.FAILED, "wecom_customer_group", "群主已离职", at),
                "g-parents-school", new BroadcastLedger.Line(TargetStatus.RETRYING, "bridge", "超时", at))),
                Map.of("g-zhangda", new BroadcastLedger.Ack("p-tashi", at)),
                List.of(new Clue("m-a", "g-zhangda", "r-ciren", "次仁", "好像见过", at)),
                Map.of());
        InboundMessage m = msg("dm:p-liu", "p-liu", "进度 " + BID);
        Plan p = plan(m);
        assertEquals(Command.Type.BROADCAST_PROGRESS, p.command().type());
        assertTrue(p.needs().ledgers());
        List<Action> out = dispatcher.decide(p, snap(T0, named(Map.of(BID, ledger), b)));
        assertFalse(savesBroadcast(out));
        String text = sendTo(out, "dm:p-liu").text();
        assertTrue(text.contains(BID) && text.contains("生效中"), text);
        assertTrue(text.contains("5 个：排队中 1，已送达 2，重试中 1，发送失败 1"), text);
        assertTrue(text.contains("阿扎乡货运车队群（发送失败：群主已离职）"), text);
        assertTrue(text.contains("已回复收到：1/5"), text);
        assertTrue(text.contains("线索：1 条"), text);
    }

    @Test
    void progress_forAResident_isRefused() {
        Broadcast b = missingCase(BID, "p-duoji");
        List<Action> out = decide(msg("dm:r-ciren", "r-ciren", "进度 " + BID), named(b));
        String text = sendTo(out, "dm:r-ciren").text();
        assertTrue(text.contains("只有民警"), text);
        assertFalse(text.contains("已送达") || text.contains("线索"), text);
    }

    // ================================================================ what is said in a reached group

    @Test
    void staffs收到_inAReachedGroup_isRecorded_andNotAnswered() {
        Broadcast b = missingCase(BID, "p-duoji");
        InboundMessage m = msg("g-zhangda", "v-zd-gw", "收到");
        Plan p = plan(m);
        assertTrue(p.needs().openBroadcasts(), "a 收到 may be about an open broadcast");
        assertTrue(p.needs().ledgers(), "with the ledgers: it counts only where the broadcast arrived");
        List<Action> out = dispatcher.decide(p, snap(T0, openSentTo(b, "g-zhangda", "g-zhangda-1")));
        assertEquals(List.of(new Action.RecordAck(BID, "g-zhangda", "v-zd-gw", T0)), out);

        List<Action> officer = decide(msg("g-zhangda-1", "p-tashi", "收到！"), openSentTo(b, "g-zhangda", "g-zhangda-1"));
        assertEquals(List.of(new Action.RecordAck(BID, "g-zhangda-1", "p-tashi", T0)), officer);
    }

    @Test
    void staffs收到_beforeTheBroadcastArrived_isNoAckForIt() {
        Broadcast b = missingCase(BID, "p-duoji");
        // the copy to g-zhangda-1 is still waiting its turn: a 收到 there is about something else
        List<Action> out = decide(msg("g-zhangda-1", "p-tashi", "收到"), openSentTo(b, "g-zhangda"));
        assertTrue(out.stream().noneMatch(a -> a instanceof Action.RecordAck), out.toString());
    }

    @Test
    void one收到_acknowledgesOnlyTheNewestBroadcastThatArrived() {
        Broadcast old = missingCase("B-20261121-0001", "p-duoji");
        Broadcast newer = missingCase(BID, "p-duoji");
        Broadcast older = new Broadcast(old.id(), old.category(), old.word(), old.severity(), old.scope(), old.text(),
                old.publisher(), old.fromChat(), old.createdAt().minus(Duration.ofDays(1)), old.sentAt().minus(Duration.ofDays(1)),
                old.expiresAt(), old.state(), old.urgent(), old.missingPerson(), old.waves(), 0, null, null, null, 1);
        Map<String, BroadcastLedger.Line> lines = Map.of("g-zhangda", new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, T0));
        BroadcastLedger sent = new BroadcastLedger(Map.of(1, lines), Map.of(), List.of(), Map.of());
        Snapshot.Broadcasts both = new Snapshot.Broadcasts(Map.of(), Map.of(older.id(), sent, newer.id(), sent),
                List.of(newer, older), null);
        List<Action> out = decide(msg("g-zhangda", "p-tashi", "收到"), both);
        assertEquals(List.of(new Action.RecordAck(BID, "g-zhangda", "p-tashi", T0)), out);
    }

    @Test
    void anOfficers收到WithTheNumber_acknowledgesTheGroupsTheyAdminister_whereItArrived() {
        Broadcast b = missingCase(BID, "p-duoji");
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, Map.of(
                "g-zhangda", new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, T0),
                "g-parents-school", new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, T0),
                "g-parents-kinder", new BroadcastLedger.Line(TargetStatus.FAILED, "bridge", "not found", T0))),
                Map.of("g-parents-school", new BroadcastLedger.Ack("p-tashi", T0)), List.of(), Map.of());
        List<Action> out = decide(msg("dm:p-tashi", "p-tashi", "收到 " + BID), named(Map.of(BID, ledger), b));
        assertEquals(List.of(new Action.RecordAck(BID, "g-zhangda", "p-tashi", T0)),
                out.stream().filter(a -> a instanceof Action.RecordAck).toList(),
                "acknowledged already, or not there: not again");
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("章达村村民群"));
        List<Action> other = decide(msg("dm:p-lhamo", "p-lhamo", "收到 " + BID), named(Map.of(BID, ledger), b));
        assertTrue(other.stream().noneMatch(a -> a instanceof Action.RecordAck), "德吉村's officer administers none of them");
    }

    @Test
    void staffs收到_inAGroupNoOpenBroadcastReached_isIgnored() {
        List<Action> out = decide(msg("g-azha", "v-az-gw", "收到"), open(missingCase(BID, "p-duoji")));
        assertTrue(ignored(out));
        assertTrue(out.stream().noneMatch(a -> a instanceof Action.RecordAck), out.toString());
        assertTrue(sends(out).isEmpty());
    }

    @Test
    void aResidents收到_isNoAck() {
        List<Action> out = decide(msg("g-zhangda", "r-ciren", "收到"), open(missingCase(BID, "p-duoji")));
        assertTrue(out.stream().noneMatch(a -> a instanceof Action.RecordAck), out.toString());
        assertTrue(sends(out).isEmpty());
    }

    @Test
    void aResidentsSighting_duringAnOpenCase_goesToTheCaseOfficerInPrivate() {
        Broadcast b = missingCase(BID, "p-duoji");
        String said = "我在服务区看见一个穿校服的孩子";
        InboundMessage m = msg("g-zhangda", "r-ciren", said);
        Plan p = plan(m);
        assertTrue(p.needs().openBroadcasts());
        List<Action> out = dispatcher.decide(p, snap(T0, open(b)));

        List<Action.RecordClue> clues = out.stream().filter(a -> a instanceof Action.RecordClue)
                .map(a -> (Action.RecordClue) a).toList();
        assertEquals(List.of(new Action.RecordClue(BID, new Clue(m.id(), "g-zhangda", "r-ciren", "次仁", said, T0))), clues);

        OutboundMessage notice = sendTo(out, "dm:p-duoji");
        assertEquals(OutboundMessage.Kind.NOTICE, notice.kind());
        assertTrue(notice.text().contains("章达村村民群"), notice.text());
        assertTrue(notice.text().contains(said), notice.text());
        assertTrue(notice.text().contains(BID) && notice.text().contains("次仁"), notice.text());

        OutboundMessage group = sendTo(out, "g-zhangda");
        assertFalse(group.text().contains(said) || group.text().contains("服务区") || group.text().contains("校服"),
                "the group does not hear the sighting again: " + group.text());
        assertFalse(group.text().contains(BID), group.text());
        assertEquals(Set.of("dm:p-duoji", "g-zhangda"), chatsTold(out));
        assertFalse(out.stream().anyMatch(a -> a instanceof Action.SaveTicket), "a clue, not a ticket");
    }

    @Test
    void aSighting_withNoOpenCase_isHandledAsUsual() {
        String said = "我在服务区看见一个穿校服的孩子";
        for (Snapshot.Broadcasts state : List.of(open(), open(antifraud(BID, "p-duoji")))) {
            InboundMessage m = msg("g-zhangda", "r-ciren", said);
            List<Action> withState = dispatcher.decide(plan(m), snap(T0, state));
            List<Action> without = dispatcher.decide(plan(m), snap(T0, Snapshot.Broadcasts.NONE));
            assertEquals(without, withState);
            assertTrue(withState.stream().noneMatch(a -> a instanceof Action.RecordClue));
        }
        // a case that reached other groups only
        Broadcast elsewhere = new Broadcast(BID, "missing", "寻人", Broadcast.Severity.SEVERE, scope("德吉村"), "寻人",
                "p-duoji", "g-tier1", T0, T0, T0.plus(Duration.ofDays(7)), Broadcast.State.ACTIVE, true, true,
                List.of(alert(1, "寻人", List.of("g-deji"), T0, null)), 0, null, null, null, 1);
        InboundMessage m = msg("g-zhangda", "r-ciren", said);
        assertTrue(decide(m, open(elsewhere)).stream().noneMatch(a -> a instanceof Action.RecordClue));
    }

    @Test
    void anEmergency_thatReadsLikeASighting_isStillAnEmergency() {
        String said = "刚才看到那个孩子掉进河里了，快来人";
        List<Action> out = decide(msg("g-zhangda", "r-ciren", said), open(missingCase(BID, "p-duoji")));
        assertTrue(out.stream().anyMatch(a -> a instanceof Action.SaveTicket
                && "emergency".equals(((Action.SaveTicket) a).change().after().category())), out.toString());
        assertTrue(sendTo(out, "g-zhangda").text().contains("110"));
    }

    // ================================================================ timers

    private List<Action> fire(TimerEvent t, Snapshot.Broadcasts state) {
        Plan p = dispatcher.plan(matrix, t);
        assertTrue(p.needs().broadcasts().contains(t.subject()), "the plan loads the broadcast");
        return dispatcher.decide(p, snap(t.due(), state));
    }

    @Test
    void widenStep1_sendsTheCurrentTextToTheRestOfTheTownship() {
        Broadcast base = missingCase(BID, "p-duoji");
        Broadcast b = withWaves(base, 0, base.waves().get(0),
                update(2, "更正：孩子身穿红色外套。", ZHANGDA_AND_SCHOOL, T0.minus(Duration.ofMinutes(40))));
        Instant due = base.sentAt().plus(Duration.ofMinutes(30));
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.WIDEN, BID, 1, due), named(b));

        Action.SaveBroadcast s = saved(out);
        assertSame(b, s.before());
        assertEquals(1, s.after().widened());
        assertEquals(b.version() + 1, s.after().version());
        assertEquals(Broadcast.State.ACTIVE, s.after().state());
        Broadcast.Wave w = s.wave();
        assertEquals(Broadcast.Wave.Kind.ALERT, w.kind());
        assertEquals(3, w.n());
        assertEquals(REST_OF_TOWNSHIP, w.targets(), "the township groups not yet reached, and only those");
        assertEquals("扩大到全乡各群", w.reason());
        assertEquals("更正：孩子身穿红色外套。", w.text(), "what is in force now");
        assertTrue(w.body().startsWith("更正：孩子身穿红色外套。"), w.body());
        assertEquals(TOWNSHIP.size(), s.after().addressed().size());
        assertEquals(Set.of("ACK_CHECK|" + BID + "|3"), keys(s.schedule()), "the new groups are asked for 收到");
        assertEquals(due.plus(Duration.ofMinutes(30)), s.schedule().get(0).due());

        OutboundMessage notice = sendTo(out, "dm:p-duoji");
        assertEquals(OutboundMessage.Kind.NOTICE, notice.kind());
        assertTrue(notice.text().contains("扩大到全乡各群") && notice.text().contains("新增 9 个"), notice.text());
        assertEquals(Set.of("dm:p-duoji"), chatsTold(out));
    }

    @Test
    void widenStep2_reachesTheCountyTier1GroupAndHeads() {
        Broadcast base = missingCase(BID, "p-duoji");
        Broadcast b = withWaves(base, 1, base.waves().get(0),
                alert(2, base.text(), REST_OF_TOWNSHIP, T0.minus(Duration.ofMinutes(30)), "扩大到全乡各群"));
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.WIDEN, BID, 2, T0.plus(Duration.ofHours(1))), named(b));
        Action.SaveBroadcast s = saved(out);
        assertEquals(2, s.after().widened());
        assertEquals(List.of("g-tier1", "dm:c-zhang", "dm:c-gesang"), s.wave().targets());
        assertEquals("扩大到县局", s.wave().reason());
        assertTrue(sendTo(out, "dm:p-duoji").text().contains("新增 3 个"));
    }

    @Test
    void theCountyReadsARequestToHelpLook_withoutTheGroupsLinesAbout收到() {
        Broadcast base = missingCase(BID, "p-duoji");
        Broadcast b = withWaves(base, 1, base.waves().get(0),
                alert(2, base.text(), REST_OF_TOWNSHIP, T0.minus(Duration.ofMinutes(30)), "扩大到全乡各群"));
        Action.SaveBroadcast s = saved(fire(new TimerEvent(TimerEvent.Kind.WIDEN, BID, 2, T0.plus(Duration.ofHours(1))), named(b)));
        String body = s.wave().body();
        assertTrue(body.startsWith("【协查】") && body.contains(base.text()) && body.contains("办案民警"), body);
        assertFalse(body.contains("回复「收到」") || body.contains("在群里说"), body);
        assertTrue(s.schedule().isEmpty(), "no 收到 is asked of the county: " + s.schedule());
    }

    @Test
    void theLapseOfAPreview_firingAfterALastMomentConfirm_doesNotExpireTheBroadcast() {
        Broadcast b = missingCase(BID, "p-duoji");   // sent, in force for seven days
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.EXPIRE, BID, 1, b.sentAt().plus(Duration.ofHours(24))), named(b));
        assertTrue(ignored(out) && !savesBroadcast(out), out.toString());
    }

    @Test
    void widening_aClosedCase_orASecondTime_isIgnored() {
        Broadcast base = missingCase(BID, "p-duoji");
        TimerEvent step1 = new TimerEvent(TimerEvent.Kind.WIDEN, BID, 1, T0);
        for (Broadcast.State closed : List.of(Broadcast.State.FOUND, Broadcast.State.CANCELLED, Broadcast.State.EXPIRED)) {
            List<Action> out = fire(step1, named(inState(base, closed)));
            assertTrue(ignored(out), closed.name());
            assertFalse(savesBroadcast(out), closed.name());
            assertTrue(sends(out).isEmpty(), closed.name());
        }
        Broadcast already = withWaves(base, 1, base.waves().get(0),
                alert(2, base.text(), REST_OF_TOWNSHIP, T0.minus(Duration.ofMinutes(5)), "扩大到全乡各群"));
        List<Action> again = fire(step1, named(already));
        assertTrue(ignored(again));
        assertFalse(savesBroadcast(again));
        assertTrue(sends(again).isEmpty());

        List<Action> gone = fire(step1, named());
        assertTrue(ignored(gone) && !savesBroadcast(gone));
    }

    @Test
    void ackCheck_remindsTheOfficersOfDeliveredButSilentGroupsOnly() {
        Instant sent = T0.minus(Duration.ofMinutes(30));
        Broadcast b = new Broadcast(BID, "warning", "紧急预警", Broadcast.Severity.SEVERE, scope("全乡"), "今晚有暴雪。",
                "p-duoji", "g-tier1", sent, sent, sent.plus(Duration.ofDays(1)), Broadcast.State.ACTIVE, true, false,
                List.of(alert(1, "今晚有暴雪。", TOWNSHIP, sent, null)), 0, null, null, null, 1);
        Map<String, BroadcastLedger.Line> lines = new HashMap<>();
        for (String g : List.of("g-zhangda", "g-zhangda-1", "g-azha", "g-pare", "g-qionguo-2", "g-ent-transport",
                "g-venue-market", "g-parents-school", "g-parents-kinder")) {
            lines.put(g, new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, sent));
        }
        for (String g : List.of("g-deji", "g-qionguo", "g-ent-gravel", "g-venue-teahouse")) {
            lines.put(g, new BroadcastLedger.Line(TargetStatus.FAILED, "bridge", "群不存在", sent));
        }
        // g-xuega has no line: still queued
        Map<String, BroadcastLedger.Ack> acks = new HashMap<>();
        for (String g : List.of("g-zhangda", "g-zhangda-1", "g-ent-transport", "g-venue-market", "g-parents-school",
                "g-parents-kinder")) {
            acks.put(g, new BroadcastLedger.Ack("p-tashi", sent.plusSeconds(60)));
        }
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, lines), acks, List.of(), Map.of());
        TimerEvent t = new TimerEvent(TimerEvent.Kind.ACK_CHECK, BID, 1, T0);
        assertTrue(dispatcher.plan(matrix, t).needs().ledgers(), "the plan loads the ledger");
        List<Action> out = fire(t, named(Map.of(BID, ledger), b));

        assertFalse(savesBroadcast(out));
        assertEquals(Set.of("dm:p-tashi", "dm:p-zhou", "dm:p-duoji"), chatsTold(out),
                "not p-lhamo (德吉 failed), not p-norbu (雪嘎 not delivered yet)");
        String tashi = sendTo(out, "dm:p-tashi").text();
        assertTrue(tashi.contains("阿扎村村民群"), tashi);
        assertFalse(tashi.contains("章达村村民群") || tashi.contains("阿扎砂石厂职工群"), tashi);
        assertTrue(tashi.contains("30分钟"), tashi);
        String zhou = sendTo(out, "dm:p-zhou").text();
        assertTrue(zhou.contains("帕热村村民群") && zhou.contains("琼果村二组群"), zhou);
        assertFalse(zhou.contains("琼果村村民群"), "琼果村村民群 failed: " + zhou);
        String publisher = sendTo(out, "dm:p-duoji").text();
        assertTrue(publisher.contains("3 个群") && publisher.contains("扎西平措") && publisher.contains("周立新"), publisher);
        for (OutboundMessage o : sends(out)) assertEquals(OutboundMessage.Kind.NOTICE, o.kind());
    }

    @Test
    void ackCheck_asksTheOwnerOfACustomerGroupStillWaitingToConfirmTheSend() {
        Instant sent = T0.minus(Duration.ofMinutes(30));
        Broadcast b = new Broadcast(BID, "warning", "紧急预警", Broadcast.Severity.SEVERE, scope("章达村"), "今晚有暴雪。",
                "p-duoji", "g-tier1", sent, sent, sent.plus(Duration.ofDays(1)), Broadcast.State.ACTIVE, true, false,
                List.of(alert(1, "今晚有暴雪。", List.of("g-zhangda", "g-ent-transport"), sent, null)), 0, null, null, null, 1);
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, Map.of(
                "g-zhangda", new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, sent),
                "g-ent-transport", new BroadcastLedger.Line(TargetStatus.WAITING_CONFIRMATION, "wecom_customer_group", null, sent))),
                Map.of(), List.of(), Map.of());
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.ACK_CHECK, BID, 1, T0), named(Map.of(BID, ledger), b));
        String tashi = sendTo(out, "dm:p-tashi").text();
        assertTrue(tashi.contains("还没有回复「收到」：章达村村民群"), tashi);
        assertTrue(tashi.contains("等您在企业微信里确认") && tashi.contains("阿扎乡货运车队群"), tashi);
    }

    @Test
    void aPreviewNobodyConfirms_lapses_andThePublisherIsTold() {
        Broadcast p = preview("p-duoji", T0.minus(Duration.ofHours(24)));
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.EXPIRE, BID, 1, T0), named(p));
        Action.SaveBroadcast s = saved(out);
        assertEquals(Broadcast.State.DISCARDED, s.after().state());
        assertNull(s.wave(), "nothing goes out");
        assertTrue(sendTo(out, "dm:p-duoji").text().contains("【预览已过期】"));
    }

    @Test
    void aSightingToTheBotInPrivate_goesToTheCaseOfficerToo() {
        List<Action> out = decide(msg("dm:r-ciren", "r-ciren", "我在县城汽车站看见一个穿蓝色校服的孩子"), open(missingCase(BID, "p-duoji")));
        assertTrue(out.stream().anyMatch(a -> a instanceof Action.RecordClue c && c.clue().chat().equals("dm:r-ciren")), out.toString());
        assertTrue(sendTo(out, "dm:p-duoji").text().contains("私聊：次仁"));
        assertTrue(sendTo(out, "dm:r-ciren").text().contains("已转给负责的民警"));
    }

    @Test
    void wordsAboutTheNoticeItself_areNotSightings() {
        for (String said : List.of("我在群里看到通知了，谢谢", "看到这个孩子的照片好心疼，已转发", "收到这条消息了，帮转")) {
            List<Action> out = decide(msg("g-zhangda", "r-ciren", said), open(missingCase(BID, "p-duoji")));
            assertTrue(out.stream().noneMatch(a -> a instanceof Action.RecordClue), said);
        }
    }

    @Test
    void aReportThatMentionsSeeingSomeone_staysAConfidentialTip() {
        List<Action> out = decide(msg("g-zhangda", "r-ciren", "我要举报，我看见这个人在卖假药"), open(missingCase(BID, "p-duoji")));
        assertTrue(out.stream().noneMatch(a -> a instanceof Action.RecordClue), out.toString());
        assertTrue(out.stream().anyMatch(a -> a instanceof Action.SaveTicket t && t.change().after().confidential()), out.toString());
    }

    @Test
    void ackCheck_whenEveryDeliveredGroupAcknowledged_isQuiet() {
        Broadcast b = missingCase(BID, "p-duoji");
        Map<String, BroadcastLedger.Line> lines = new HashMap<>();
        Map<String, BroadcastLedger.Ack> acks = new HashMap<>();
        for (String g : ZHANGDA_AND_SCHOOL) {
            lines.put(g, new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, T0));
            acks.put(g, new BroadcastLedger.Ack("p-tashi", T0));
        }
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.ACK_CHECK, BID, 1, T0),
                named(Map.of(BID, new BroadcastLedger(Map.of(1, lines), acks, List.of(), Map.of())), b));
        assertTrue(ignored(out));
        assertTrue(sends(out).isEmpty());
    }

    @Test
    void expire_closesTheBroadcast_andTellsThePublisher() {
        Broadcast b = missingCase(BID, "p-duoji");
        List<Action> out = fire(new TimerEvent(TimerEvent.Kind.EXPIRE, BID, 1, b.expiresAt()), named(b));
        Action.SaveBroadcast s = saved(out);
        assertSame(b, s.before());
        assertEquals(Broadcast.State.EXPIRED, s.after().state());
        assertEquals(b.expiresAt(), s.after().closedAt());
        assertNull(s.after().closedBy());
        assertNull(s.wave(), "no Cancel goes out when it simply lapses");
        assertEquals(b.version() + 1, s.after().version());
        cancelsEveryTimer(s, b);
        String text = sendTo(out, "dm:p-duoji").text();
        assertTrue(text.contains("【已过期】") && text.contains(BID), text);
        assertEquals(Set.of("dm:p-duoji"), chatsTold(out));
    }

    // ================================================================ the gateway's event

    @Test
    void aWaveDone_tellsThePublisherItsCounts() {
        Broadcast b = missingCase(BID, "p-duoji");
        Instant at = T0.minus(Duration.ofMinutes(55));
        Map<String, BroadcastLedger.Line> lines = new HashMap<>();
        for (String g : List.of("g-zhangda", "g-zhangda-1", "g-parents-school", "g-parents-kinder")) {
            lines.put(g, new BroadcastLedger.Line(TargetStatus.SENT, "bridge", null, at));
        }
        lines.put("g-ent-transport", new BroadcastLedger.Line(TargetStatus.WAITING_CONFIRMATION, "wecom_customer_group", null, at));
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, lines), Map.of(), List.of(),
                Map.of(1, Duration.ofMinutes(2)));
        SystemEvent e = new SystemEvent(SystemEvent.Kind.BROADCAST_DONE, BID, null, "1", T0, "");
        Plan p = dispatcher.plan(matrix, e);
        assertEquals(Set.of(BID), p.needs().broadcasts());
        assertTrue(p.needs().ledgers());
        List<Action> out = dispatcher.decide(p, snap(T0, named(Map.of(BID, ledger), b)));

        OutboundMessage notice = sendTo(out, "dm:p-duoji");
        assertEquals(OutboundMessage.Kind.NOTICE, notice.kind());
        String text = notice.text();
        assertTrue(text.contains("【发送完成】") && text.contains(BID), text);
        assertTrue(text.contains("第1批") && text.contains("5 个：已送达 4，待群主确认 1"), text);
        assertTrue(text.contains("90% 送达用时 2分钟"), text);
        assertEquals(Set.of("dm:p-duoji"), chatsTold(out));
    }

    @Test
    void twoMessagesToOneChatGivenUpInTheSameMillisecond_makeTwoAlertsWithTheirOwnIds() {
        // the alert's id names its event: two alerts sharing one would share one delivery ledger line
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String entry : List.of("1795367312822-0", "1795367312822-1")) {
            SystemEvent e = new SystemEvent(SystemEvent.Kind.DELIVERY_FAILED, "dm:p-wang", "王建军", "对方暂时收不到", T0, entry);
            List<Action> out = dispatcher.decide(dispatcher.plan(matrix, e), snap(T0, null));
            OutboundMessage alert = out.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).message())
                    .findFirst().orElseThrow();
            assertEquals(OutboundMessage.Kind.ALERT, alert.kind());
            ids.add(alert.id());
        }
        assertEquals(2, ids.size(), ids.toString());
    }

    @Test
    void aWaveDone_forAWaveThatDoesNotExist_isIgnored() {
        Broadcast b = missingCase(BID, "p-duoji");
        for (String detail : List.of("2", "0", "x")) {
            SystemEvent e = new SystemEvent(SystemEvent.Kind.BROADCAST_DONE, BID, null, detail, T0, "");
            List<Action> out = dispatcher.decide(dispatcher.plan(matrix, e), snap(T0, named(b)));
            assertTrue(ignored(out), detail);
            assertTrue(sends(out).isEmpty(), detail);
        }
    }
}
