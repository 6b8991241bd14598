package zhijian.broadcast;

import org.junit.jupiter.api.Test;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.testing.RealSeeds;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broadcast envelope, its ledger, the station's publishing policy and the week numbers. */
class BroadcastTest {
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Matrix matrix = RealSeeds.get().matrix();
    private final BroadcastPolicy policy = RealSeeds.get().rules().broadcasts();

    private static Broadcast.Wave wave(int n, Broadcast.Wave.Kind kind, String text, List<String> targets) {
        return new Broadcast.Wave(n, kind, text, "【寻人】阿扎乡派出所", text, targets, T0.plusSeconds(60L * n), null);
    }

    private static Broadcast withWaves(List<Broadcast.Wave> waves) {
        Scope scope = new Scope(false, List.of("zhangda"), List.of(), List.of(), "章达村");
        return new Broadcast("B-20261122-0001", "missing", "寻人", Broadcast.Severity.SEVERE, scope, "原文", "p-duoji",
                "g-tier1", T0, T0, T0.plus(Duration.ofDays(7)), Broadcast.State.ACTIVE, true, true, waves, 0, null,
                null, null, 3);
    }

    private static final Broadcast.Wave.Kind ALERT = Broadcast.Wave.Kind.ALERT;
    private static final Broadcast.Wave.Kind UPDATE = Broadcast.Wave.Kind.UPDATE;
    private static final Broadcast.Wave.Kind CANCEL = Broadcast.Wave.Kind.CANCEL;

    // ---------------------------------------------------------------- the envelope

    @Test
    void addressed_isTheUnionOfTheAlertWavesOnly_inTheOrderFirstReached() {
        Broadcast b = withWaves(List.of(
                wave(1, ALERT, "原文", List.of("g-zhangda", "g-parents-school")),
                wave(2, UPDATE, "更正一", List.of("g-zhangda", "g-parents-school", "g-update-only")),
                wave(3, ALERT, "更正一", List.of("g-azha", "g-zhangda", "g-deji")),
                wave(4, CANCEL, "", List.of("g-cancel-only"))));
        assertEquals(List.of("g-zhangda", "g-parents-school", "g-azha", "g-deji"), b.addressed());
        assertTrue(b.addresses("g-deji"));
        assertFalse(b.addresses("g-update-only"), "an Update does not make a chat reached");
        assertFalse(b.addresses("g-cancel-only"));
        assertTrue(withWaves(List.of()).addressed().isEmpty());
    }

    @Test
    void currentText_followsTheLastUpdate() {
        List<String> t = List.of("g-zhangda");
        assertEquals("原文", withWaves(List.of(wave(1, ALERT, "原文", t))).currentText());
        Broadcast b = withWaves(List.of(wave(1, ALERT, "原文", t), wave(2, UPDATE, "更正一", t), wave(3, ALERT, "更正一", t),
                wave(4, UPDATE, "更正二", t)));
        assertEquals("更正二", b.currentText());
        assertEquals("原文", b.text(), "the original stays as published");
        Broadcast cancelled = b.closed(Broadcast.State.CANCELLED, "p-duoji", T0, "撤销说明", wave(5, CANCEL, "撤销说明", t));
        assertEquals("更正二", cancelled.currentText(), "a Cancel's note is not the text in force");
    }

    @Test
    void eachChange_bumpsTheVersionByExactlyOne() {
        List<String> t = List.of("g-zhangda");
        Broadcast b = withWaves(List.of(wave(1, ALERT, "原文", t)));
        assertEquals(3, b.version());

        Broadcast updated = b.withWave(b.nextWave(UPDATE, "更正", "h", "body", t, T0, null));
        assertEquals(4, updated.version());
        assertEquals(2, updated.waves().size());
        assertEquals(2, updated.waves().get(1).n(), "numbered after the last");

        Broadcast widened = b.widenedTo(1, b.nextWave(ALERT, "原文", "h", "body", List.of("g-azha"), T0, "扩大到全乡各群"));
        assertEquals(4, widened.version());
        assertEquals(1, widened.widened());
        assertEquals(List.of("g-zhangda", "g-azha"), widened.addressed());

        Broadcast widenedToNothing = b.widenedTo(2, null);
        assertEquals(4, widenedToNothing.version());
        assertEquals(2, widenedToNothing.widened());
        assertEquals(b.waves(), widenedToNothing.waves(), "no new wave when nothing is added");

        Broadcast expired = b.closed(Broadcast.State.EXPIRED, null, T0, null, null);
        assertEquals(4, expired.version());
        assertEquals(Broadcast.State.EXPIRED, expired.state());
        assertEquals(1, expired.waves().size());

        Broadcast found = b.closed(Broadcast.State.FOUND, "p-duoji", T0, "在亲戚家", b.nextWave(CANCEL, "在亲戚家", "h",
                "body", t, T0, null));
        assertEquals(4, found.version());
        assertEquals("p-duoji", found.closedBy());
        assertEquals("在亲戚家", found.closeNote());
        assertEquals(T0, found.closedAt());
        assertFalse(found.active());
    }

    @Test
    void sent_makesAPreviewActive_withItsFirstWave() {
        Broadcast preview = new Broadcast("B-1", "antifraud", "反诈预警", Broadcast.Severity.MODERATE,
                new Scope(true, List.of(), List.of(), List.of(), "全乡"), "原文", "p-duoji", "g-tier1", T0, null,
                T0.plus(Duration.ofDays(7)), Broadcast.State.PREVIEW, false, false, List.of(), 0, null, null, null, 0);
        Broadcast.Wave w = preview.nextWave(ALERT, "原文", "h", "body", List.of("g-zhangda"), T0.plusSeconds(60), null);
        assertEquals(1, w.n());
        Broadcast sent = preview.sent(w, T0.plusSeconds(60), T0.plus(Duration.ofDays(8)));
        assertEquals(Broadcast.State.ACTIVE, sent.state());
        assertEquals(1, sent.version());
        assertEquals(T0.plusSeconds(60), sent.sentAt());
        assertEquals(T0.plus(Duration.ofDays(8)), sent.expiresAt());
        assertEquals(List.of(w), sent.waves());
        assertSame(w, sent.wave(1));
        assertThrows(IllegalArgumentException.class, () -> sent.wave(2));
        assertThrows(IllegalArgumentException.class, () -> sent.wave(0));
    }

    // ---------------------------------------------------------------- the ledger

    private static BroadcastLedger.Line line(TargetStatus s) {
        return new BroadcastLedger.Line(s, "bridge", s == TargetStatus.FAILED ? "群不存在" : null, T0);
    }

    @Test
    void counts_treatAChatWithNoLineAsQueued() {
        Broadcast.Wave w = wave(1, ALERT, "原文", List.of("g-a", "g-b", "g-c", "g-d", "g-e", "g-f"));
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, Map.of(
                "g-a", line(TargetStatus.SENT),
                "g-b", line(TargetStatus.SENT),
                "g-c", line(TargetStatus.FAILED),
                "g-d", line(TargetStatus.WAITING_CONFIRMATION),
                "g-not-in-the-wave", line(TargetStatus.SENT))), Map.of(), List.of(), Map.of());
        BroadcastLedger.Counts c = ledger.counts(w);
        assertEquals(6, c.total());
        assertEquals(2, c.of(TargetStatus.SENT));
        assertEquals(1, c.of(TargetStatus.FAILED));
        assertEquals(1, c.of(TargetStatus.WAITING_CONFIRMATION));
        assertEquals(2, c.of(TargetStatus.QUEUED), "g-e and g-f have no line yet");
        assertEquals(0, c.of(TargetStatus.RETRYING));
        assertEquals(3, c.delivered(), "sent, or waiting only on the owner");
        assertEquals(2, c.pending(), "only the queued ones are not done");

        assertEquals(TargetStatus.QUEUED, ledger.status(1, "g-e"));
        assertNull(ledger.line(1, "g-e"));
        assertEquals(TargetStatus.QUEUED, ledger.status(2, "g-a"), "another wave's lines do not count");
    }

    @Test
    void chatsIn_listsTheWavesChatsInThoseStates_inTheWavesOrder() {
        Broadcast.Wave w = wave(1, ALERT, "原文", List.of("g-f", "g-a", "g-c", "g-e"));
        BroadcastLedger ledger = new BroadcastLedger(Map.of(1, Map.of(
                "g-a", line(TargetStatus.FAILED),
                "g-c", line(TargetStatus.SENT),
                "g-f", line(TargetStatus.UNREACHABLE))), Map.of(), List.of(), Map.of());
        assertEquals(List.of("g-f", "g-a"), ledger.chatsIn(w, TargetStatus.FAILED, TargetStatus.UNREACHABLE));
        assertEquals(List.of("g-e"), ledger.chatsIn(w, TargetStatus.QUEUED));
        assertEquals(List.of("g-c"), ledger.chatsIn(w, TargetStatus.SENT));
        assertTrue(ledger.chatsIn(w).isEmpty(), "no states asked, none listed");
        assertEquals(List.of("g-f", "g-a", "g-c", "g-e"), BroadcastLedger.EMPTY.chatsIn(w, TargetStatus.QUEUED),
                "with nothing recorded every chat is queued");
    }

    @Test
    void targetStatus_doneAndDelivered() {
        assertFalse(TargetStatus.QUEUED.done());
        assertFalse(TargetStatus.RETRYING.done());
        assertFalse(TargetStatus.UNREACHABLE.done());
        assertTrue(TargetStatus.FAILED.done());
        assertFalse(TargetStatus.FAILED.delivered());
        assertTrue(TargetStatus.WAITING_CONFIRMATION.delivered());
        assertTrue(TargetStatus.SENT.delivered());
    }

    // ---------------------------------------------------------------- the policy of the seeds

    @Test
    void isAck_theWholeMessageIsAnAckWord() {
        for (String yes : List.of("收到", "收到！", " 已收到。", "收到了", "好的，收到", "明白~", "已阅.")) {
            assertTrue(policy.isAck(yes), yes);
        }
        for (String no : List.of("收到了吗我家孩子", "没收到", "收到收到请问孩子找到了吗", "", "。", "好的")) {
            assertFalse(policy.isAck(no), no);
        }
        assertFalse(policy.isAck(null));
    }

    @Test
    void looksLikeSighting_onTheSeedPolicy() {
        for (String yes : List.of("我在服务区看见一个穿校服的孩子", "我好像见过这个孩子", "刚刚看到那个小孩往河边走了",
                "照片上的孩子在村口小卖部玩", "我在加油站碰到他了")) {
            assertTrue(policy.looksLikeSighting(yes), yes);
        }
        for (String no : List.of("今天天气不错", "大家注意防火", "孩子们放学了", "", "收到")) {
            assertFalse(policy.looksLikeSighting(no), no);
        }
        assertFalse(policy.looksLikeSighting(null));
    }

    private Member person(String id) {
        return matrix.member(id).orElseThrow();
    }

    @Test
    void mayPublish_policeWithAPublishingRoleOnly() {
        for (String id : List.of("p-wang", "p-duoji", "p-tashi", "c-zhang")) {
            assertTrue(policy.mayPublish(person(id)), id);
        }
        assertFalse(policy.mayPublish(person("v-zd-gw")), "a grid worker is staff but not police");
        assertFalse(policy.mayPublish(person("p-med-room")), "the mediation room is not police");
        assertFalse(policy.mayPublish(person("r-ciren")), "a resident");
        assertFalse(policy.mayPublish(Member.resident("r-new", "新人", "zhangda")));

        Member inactive = new Member("p-old", "老民警", Set.of(Role.OFFICER), List.of(), "", false, null);
        assertFalse(policy.mayPublish(inactive), "a deactivated officer");

        BroadcastPolicy onlyChief = new BroadcastPolicy(Set.of(Role.CHIEF), policy.previewValid(), policy.ackWords(),
                policy.ackRemindAfter(), policy.severity(), policy.missingCategory(), policy.missingWords(),
                policy.widen(), policy.sighting(), policy.notSighting(), policy.keepFor());
        assertTrue(onlyChief.mayPublish(person("p-wang")));
        assertFalse(onlyChief.mayPublish(person("p-duoji")), "police, but not a publishing role");
    }

    @Test
    void theSeedPolicy_asWritten() {
        assertEquals(Duration.ofHours(24), policy.previewValid());
        assertEquals(Duration.ofMinutes(30), policy.ackRemindAfter());
        assertEquals("收到", policy.ackWords().get(0), "the word groups are asked to reply");
        assertEquals(List.of(new BroadcastPolicy.Widening(Duration.ofMinutes(30), BroadcastPolicy.Reach.TOWNSHIP),
                new BroadcastPolicy.Widening(Duration.ofHours(2), BroadcastPolicy.Reach.COUNTY)), policy.widen());
        assertTrue(policy.isMissingPerson("missing", "寻人"));
        assertTrue(policy.isMissingPerson("missing", "寻人启事"));
        assertFalse(policy.isMissingPerson("missing", "寻物"), "寻物 is filed under the same item but is no case");
        assertFalse(policy.isMissingPerson("warning", "寻人"));
        var catalog = RealSeeds.get().rules().catalog();
        var missing = catalog.item("missing").orElseThrow();
        assertEquals(Broadcast.Severity.SEVERE, policy.severityOf(missing, "寻人"));
        assertTrue(policy.isUrgent(missing, "寻人"));
        assertFalse(policy.isUrgent(missing, "寻物"), "lost and found is previewed and confirmed like any notice");
        assertEquals(Broadcast.Severity.MINOR, policy.severityOf(missing, "寻物"));
        assertEquals(Broadcast.Severity.MINOR, policy.severityOf(catalog.item("law").orElseThrow(), "普法"));
        assertEquals(Broadcast.Severity.MODERATE, policy.severityOf(catalog.item("antifraud").orElseThrow(), "反诈"),
                "not listed, not urgent");
        var urgent = new zhijian.catalog.ServiceItem("something-urgent", "急", zhijian.catalog.Direction.OUT, "", true,
                List.of(), Duration.ofDays(1));
        assertEquals(Broadcast.Severity.SEVERE, policy.severityOf(urgent, "急"), "not listed, urgent");
        assertTrue(policy.isUrgent(catalog.item("warning").orElseThrow(), "紧急预警"));
    }

    // ---------------------------------------------------------------- weeks

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    @Test
    void weeks_areIsoWeeksInLocalTime() {
        assertEquals("2026-W47", Weeks.of(local("2026-11-22T12:00"), ZONE));
        assertEquals("2026-W47", Weeks.of(local("2026-11-16T00:00"), ZONE), "Monday starts the week");
        assertEquals("2026-W47", Weeks.of(local("2026-11-22T23:30"), ZONE), "a Sunday night stays in its week");
        assertEquals("2026-W48", Weeks.of(local("2026-11-23T00:30"), ZONE),
                "Monday 00:30 in 阿扎乡 is still Sunday in UTC, but it is the next week here");
        assertEquals("2026-W53", Weeks.of(local("2027-01-01T10:00"), ZONE), "1 January 2027 belongs to 2026's week 53");
        assertEquals("2027-W01", Weeks.of(local("2027-01-04T10:00"), ZONE));
        assertEquals("2026-W01", Weeks.of(local("2026-01-01T10:00"), ZONE), "two-digit week numbers");
    }
}
