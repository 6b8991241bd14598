package zhijian.dispatch;

import org.junit.jupiter.api.Test;
import zhijian.fraud.FraudAlert;
import zhijian.fraud.FraudLists;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;
import zhijian.message.OutboundMessage;
import zhijian.testing.RealSeeds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anti-fraud decisions over the real seeds: a message and a hand-built {@link Snapshot.Frauds} in; the alert saved,
 * what the group and the officer are told, and what officers' verdicts change, out.
 */
class FraudDecisionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final String FID = "F-20261122-0001";
    private static final String SCAM = "宝妈学生兼职，手机点赞一单3元日结，先垫付38返46，下载APP http://jz-task.top/r8 或加QQ 2873641952";

    private final Matrix matrix = RealSeeds.get().matrix();
    private final Dispatcher dispatcher = new Dispatcher(RealSeeds.get().rules());
    private int n;

    private InboundMessage msg(String chat, String from, String text) {
        String name = matrix.member(from).map(m -> m.name()).orElse(from);
        return new InboundMessage("m-" + (++n), "sim", "c-" + n, chat, from, name, text, false, T0);
    }

    private List<Action> decide(InboundMessage m, Map<String, FraudAlert> alerts) {
        Group chat = matrix.chat(m.chat()).orElseThrow();
        Snapshot snap = new Snapshot(T0, Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), "AZ-20261122-0001",
                "AZY-20261122-0001", Snapshot.Broadcasts.NONE, new Snapshot.Frauds(alerts, FID));
        return dispatcher.decide(dispatcher.plan(matrix, chat, m, null), snap);
    }

    private static List<OutboundMessage> sends(List<Action> out) {
        return out.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).message()).toList();
    }

    private static OutboundMessage sendTo(List<Action> out, String chat) {
        return sends(out).stream().filter(s -> s.chat().equals(chat)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing sent to " + chat + ": " + sends(out)));
    }

    private static List<Action.SaveFraudAlert> saved(List<Action> out) {
        return out.stream().filter(a -> a instanceof Action.SaveFraudAlert).map(a -> (Action.SaveFraudAlert) a).toList();
    }

    private static Action.ChangeFraudLists listChange(List<Action> out) {
        return out.stream().filter(a -> a instanceof Action.ChangeFraudLists).map(a -> (Action.ChangeFraudLists) a)
                .findFirst().orElseThrow(() -> new AssertionError("no list change in " + out));
    }

    private FraudAlert alertFrom(String chat, String from, String text) {
        return saved(decide(msg(chat, from, text), Map.of())).get(0).after();
    }

    @Test
    void aScamInAVillageGroup_warnsTheGroup_withoutItsLinkOrNumber_andTellsTheOfficer() {
        List<Action> out = decide(msg("g-zhangda", "r-ciren", SCAM), Map.of());
        FraudAlert a = saved(out).get(0).after();
        assertEquals(FID, a.id());
        assertEquals(FraudAlert.Kind.GROUP, a.kind());
        assertEquals("shuadan", a.family());
        assertEquals("zhangda", a.grid());
        assertEquals("2026-W47", saved(out).get(0).week());
        assertTrue(a.links().contains("jz-task.top") && a.numbers().contains("2873641952"));

        OutboundMessage group = sendTo(out, "g-zhangda");
        assertTrue(group.text().contains("反诈提醒") && group.text().contains("刷单返利"), group.text());
        for (String leak : List.of("jz-task", "http", "2873641952", "46")) {
            assertFalse(group.text().contains(leak), "the group reply repeats '" + leak + "': " + group.text());
        }
        String officer = matrix.chat("g-zhangda").orElseThrow().admin();
        assertEquals("p-tashi", officer == null ? matrix.grid("zhangda").orElseThrow().officer() : officer);
        OutboundMessage notice = sendTo(out, "dm:p-tashi");
        for (String must : List.of(FID, "章达村村民群", "次仁", "jz-task.top/r8", "确认诈骗 " + FID, "误报 " + FID)) {
            assertTrue(notice.text().contains(must), "the officer's notice lacks " + must + ": " + notice.text());
        }
        assertEquals(2, sends(out).size(), "the group and the officer, nobody else: " + sends(out));
    }

    @Test
    void aScamPostedByStaff_orInTheTier1Group_isNeverFlagged() {
        for (String staff : List.of("p-tashi", "v-zd-gw", "v-zd-med")) {
            assertTrue(saved(decide(msg("g-zhangda", staff, SCAM), Map.of())).isEmpty(), staff);
        }
        assertTrue(saved(decide(msg("g-tier1", "p-tashi", SCAM), Map.of())).isEmpty());
    }

    @Test
    void aPoliceWarningPostedByAResident_isLeftAlone() {
        String warning = "转发派出所的：凡是让你刷单返利、垫付任务款的都是诈骗，不要转账，不要点陌生链接，有疑问打96110";
        List<Action> out = decide(msg("g-zhangda", "r-lhakpa", warning), Map.of());
        assertTrue(saved(out).isEmpty());
        assertTrue(sends(out).stream().noneMatch(s -> s.text().contains("反诈提醒")), sends(out).toString());
    }

    @Test
    void aFreightDispute_isRoutedAsARequest_notWarnedAbout() {
        List<Action> out = decide(msg("g-ent-transport", "r-ciren", "老张那趟货运费还差1200没给我，拖了三个月了，能不能帮忙调解一下"), Map.of());
        assertTrue(saved(out).isEmpty(), "not taken for a scam");
        assertTrue(out.stream().anyMatch(a -> a instanceof Action.SaveTicket), "a ticket for the mediator: " + out);
    }

    @Test
    void thisIsAScamQuestion_getsAVerdict_andAScamIsFiledForTheOfficer() {
        List<Action> out = decide(msg("dm:r-lhakpa", "r-lhakpa", SCAM + " 这是诈骗吗"), Map.of());
        OutboundMessage reply = sendTo(out, "dm:r-lhakpa");
        assertTrue(reply.text().contains("很可能是「刷单返利」诈骗"), reply.text());
        FraudAlert a = saved(out).get(0).after();
        assertEquals(FraudAlert.Kind.CHECK, a.kind());
        assertNull(a.sender(), "whoever wrote the pasted message is unknown: the resident asking is not its sender");
        String notice = sendTo(out, "dm:p-tashi").text();
        assertTrue(notice.contains("这是诈骗吗") && notice.contains(FID), notice);

        List<Action> clean = decide(msg("dm:r-lhakpa", "r-lhakpa", "是不是诈骗：明天上午村委会开会，请各户派一个人参加"), Map.of());
        assertTrue(sendTo(clean, "dm:r-lhakpa").text().contains("没有看出"));
        assertTrue(saved(clean).isEmpty());

        List<Action> warning = decide(msg("g-zhangda", "r-lhakpa",
                "这是诈骗吗？【警方提醒】公检法不会通过电话办案，没有安全账户，让你转账的都是诈骗"), Map.of());
        assertTrue(sendTo(warning, "g-zhangda").text().contains("防骗提醒"));

        List<Action> empty = decide(msg("dm:r-lhakpa", "r-lhakpa", "这是诈骗吗"), Map.of());
        assertTrue(sendTo(empty, "dm:r-lhakpa").text().contains("原文贴过来"));
    }

    @Test
    void confirmedByTheOfficer_blocksTheSenderLinksAndNumbers() {
        FraudAlert a = alertFrom("g-zhangda", "r-ciren", SCAM);
        List<Action> out = decide(msg("dm:p-tashi", "p-tashi", "确认诈骗 " + FID), Map.of(FID, a));
        Action.SaveFraudAlert s = saved(out).get(0);
        assertEquals(a, s.before());
        assertEquals(FraudAlert.State.CONFIRMED, s.after().state());
        assertEquals("p-tashi", s.after().verdictBy());
        Action.ChangeFraudLists c = listChange(out);
        assertEquals("shuadan", c.family());
        assertEquals(List.of("jz-task.top"), c.blockLinks());
        assertTrue(c.blockNumbers().contains("2873641952"));
        assertEquals("r-ciren", c.blockSender());
        assertNull(c.allowText());
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("已列入拦截"));
    }

    @Test
    void aVerdictGivenInTheGroup_isAnsweredInPrivate_soTheGroupNeverSeesTheLinkOrNumber() {
        FraudAlert a = alertFrom("g-zhangda", "r-ciren", SCAM);
        InboundMessage m = new InboundMessage("m-v", "sim", "c-v", "g-zhangda", "p-tashi", "扎西平措", "确认诈骗 " + FID,
                true, T0);
        List<Action> out = decide(m, Map.of(FID, a));
        assertEquals(FraudAlert.State.CONFIRMED, saved(out).get(0).after().state());
        String group = sendTo(out, "g-zhangda").text();
        assertFalse(group.contains("jz-task") || group.contains("2873641952") || group.contains("次仁"), group);
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("已列入拦截"));
    }

    @Test
    void aFalseAlarm_allowsTheTextAndTheSender() {
        FraudAlert a = alertFrom("g-zhangda", "r-ciren", SCAM);
        List<Action> out = decide(msg("dm:p-tashi", "p-tashi", "误报 " + FID.toLowerCase()), Map.of(FID, a));
        assertEquals(FraudAlert.State.FALSE_ALARM, saved(out).get(0).after().state());
        Action.ChangeFraudLists c = listChange(out);
        assertEquals(FraudLists.fingerprint(SCAM), c.allowText());
        assertEquals("r-ciren", c.allowSender());
        assertTrue(c.blockLinks().isEmpty() && c.blockNumbers().isEmpty() && c.blockSender() == null);
        assertTrue(sendTo(out, "dm:p-tashi").text().contains("误报"));
    }

    @Test
    void onlyPoliceSettleAnAlert_andOnlyOnce() {
        FraudAlert a = alertFrom("g-zhangda", "r-ciren", SCAM);
        List<Action> byResident = decide(msg("dm:r-lhakpa", "r-lhakpa", "确认诈骗 " + FID), Map.of(FID, a));
        assertTrue(saved(byResident).isEmpty());
        assertTrue(sendTo(byResident, "dm:r-lhakpa").text().contains("只有民警"));

        // in a group, a resident's 误报 F-… without an @ is talk, not a command
        assertTrue(saved(decide(msg("g-zhangda", "r-lhakpa", "误报 " + FID), Map.of(FID, a))).isEmpty());

        FraudAlert settled = a.settled(FraudAlert.State.CONFIRMED, "p-tashi", T0);
        List<Action> again = decide(msg("dm:p-tashi", "p-tashi", "误报 " + FID), Map.of(FID, settled));
        assertTrue(saved(again).isEmpty());
        assertTrue(sendTo(again, "dm:p-tashi").text().contains("已确认诈骗"));

        List<Action> unknown = decide(msg("dm:p-tashi", "p-tashi", "确认诈骗 F-20261122-0999"), Map.of());
        assertTrue(sendTo(unknown, "dm:p-tashi").text().contains("没有找到"));
    }

    @Test
    void theFraudCommands_parse() {
        assertEquals(Command.Type.CONFIRM_FRAUD, CommandParser.parse("确认诈骗 F-20261122-0001").type());
        assertEquals("F-20261122-0001", CommandParser.parse("确认诈骗 f-20261122-0001").id());
        assertEquals(Command.Type.FALSE_ALARM, CommandParser.parse("误报 F-20261122-0001。").type());
        assertEquals(Command.Type.FALSE_ALARM, CommandParser.parse("不是诈骗 F-20261122-0001").type());
        Command lead = CommandParser.parse("这是诈骗吗？中奖了请点链接领取");
        assertEquals(Command.Type.CHECK_FRAUD, lead.type());
        assertEquals("中奖了请点链接领取", lead.text());
        Command trail = CommandParser.parse("中奖了请点链接领取 这是不是诈骗啊");
        assertEquals(Command.Type.CHECK_FRAUD, trail.type());
        assertEquals("中奖了请点链接领取", trail.text());
        Command bare = CommandParser.parse("是不是诈骗：中奖了请点链接领取");
        assertEquals(Command.Type.CHECK_FRAUD, bare.type());
        assertEquals("中奖了请点链接领取", bare.text());
        assertEquals(Command.Type.NONE, CommandParser.parse("昨天派出所讲了怎么防诈骗").type());
        assertEquals(Command.Type.NONE, CommandParser.parse("是不是诈骗我也说不清，反正钱没了").type());
    }
}
