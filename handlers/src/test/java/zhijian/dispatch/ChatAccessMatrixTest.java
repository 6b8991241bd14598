package zhijian.dispatch;

import org.junit.jupiter.api.Test;
import zhijian.appointment.Appointment;
import zhijian.broadcast.Broadcast;
import zhijian.fraud.FraudAlert;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.message.InboundMessage;
import zhijian.testing.RealSeeds;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what in chat: every command × eight kinds of sender × group or private chat, each decided by the real
 * dispatcher over the real seeds against the same state (a ticket of 次仁's held by 章达村's 网格员, a closed one
 * awaiting his rating, his appointment, a preview and a 寻人 case published by 扎西平措, a fraud alert). The expected
 * table is the one in {@code docs/ACCESS.md}; when a rule changes, this test prints the table it found.
 */
class ChatAccessMatrixTest {
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final Path DOC = Path.of("../docs/ACCESS.md");
    private static final String SCAM = "宝妈学生兼职，手机点赞一单3元日结，先垫付38返46，下载APP http://jz-task.top/r8 或加QQ 2873641952";

    private final Matrix matrix = RealSeeds.get().matrix();
    private final Dispatcher dispatcher = new Dispatcher(RealSeeds.get().rules());

    /** A column of the table: who speaks, and the roster they are read against. */
    private record Sender(String label, String id, boolean deactivated) {}

    private static final List<Sender> SENDERS = List.of(
            new Sender("居民 resident", "r-ciren", false),
            new Sender("村级 village staff", "v-zd-gw", false),
            new Sender("民警 police", "p-tashi", false),
            new Sender("所长 chief", "p-wang", false),
            new Sender("县局 county head", "c-zhang", false),
            new Sender("内勤 admin", "p-admin", false),
            new Sender("已停用 deactivated", "v-zd-gw", true),
            new Sender("陌生人 unknown", "wx-stranger", false));

    /** What came of a command. */
    enum Outcome {
        DONE("✓"), REFUSED("✗"), WORDS("·"), NOTHING("–");

        final String mark;

        Outcome(String mark) { this.mark = mark; }
    }

    /** A row: the command, an example of it (ids filled in from the state), and what shows it was carried out. */
    private record Row(Command.Type type, String example, Predicate<List<Action>> done) {}

    private static Predicate<List<Action>> has(Class<? extends Action> kind) {
        return actions -> actions.stream().anyMatch(kind::isInstance);
    }

    /** An answer (not a refusal) is what an informational command is for. */
    private static final Predicate<List<Action>> ANSWERED = actions -> !replies(actions).isEmpty()
            && replies(actions).stream().noneMatch(ChatAccessMatrixTest::refusal);

    private static final List<String> REFUSALS = List.of("只有工作人员", "只有负责人或其上级", "不是您反映的", "只在私聊里发",
            "没有发布权限", "不在二级群里发布", "只有发布人或所长", "只有民警", "没有找到", "只有反映人", "不需要评价", "不能通过微信群");

    private static boolean refusal(String text) {
        return REFUSALS.stream().anyMatch(text::contains);
    }

    private static List<String> replies(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).message().text()).toList();
    }

    private static final List<Row> ROWS = List.of(
            new Row(Command.Type.SIGN, "接单 {T}", has(Action.SaveTicket.class)),
            new Row(Command.Type.REPLY, "回复 {T} 明天上午派人去看", has(Action.SaveTicket.class)),
            new Row(Command.Type.REASSIGN, "转派 {T} 白玛", has(Action.SaveTicket.class)),
            new Row(Command.Type.RETURN, "退单 {T} 不归我们管", has(Action.SaveTicket.class)),
            new Row(Command.Type.CLOSE, "办结 {T} 电线杆已扶正", has(Action.SaveTicket.class)),
            new Row(Command.Type.MY_QUEUE, "我的工单", ANSWERED),
            new Row(Command.Type.CONSOLE, "控制台", has(Action.IssueConsoleCode.class)),
            new Row(Command.Type.STATUS, "查询 {T}", ANSWERED),
            new Row(Command.Type.SUPPLEMENT, "补充 {T} 电线还在冒火花", has(Action.SaveTicket.class)),
            new Row(Command.Type.RATE, "5", has(Action.SaveTicket.class)),
            new Row(Command.Type.MY_APPOINTMENTS, "我的预约", ANSWERED),
            new Row(Command.Type.CANCEL_APPOINTMENT, "取消预约 {A}", has(Action.SaveAppointment.class)),
            new Row(Command.Type.HELP, "帮助", ANSWERED),
            new Row(Command.Type.PUBLISH, "发布【治安防范】章达村：近期有人冒充电力公司上门收费，请勿轻信。", has(Action.SaveBroadcast.class)),
            new Row(Command.Type.CONFIRM_BROADCAST, "确认 {B1}", has(Action.SaveBroadcast.class)),
            new Row(Command.Type.CANCEL_BROADCAST, "取消 {B1} 写错了", has(Action.SaveBroadcast.class)),
            new Row(Command.Type.UPDATE_BROADCAST, "更正 {B2} 孩子穿蓝色裤子", has(Action.SaveBroadcast.class)),
            new Row(Command.Type.BROADCAST_PROGRESS, "进度 {B2}", ANSWERED),
            new Row(Command.Type.FOUND, "已找到 {B2} 孩子已回家", has(Action.SaveBroadcast.class)),
            new Row(Command.Type.ACK_BROADCAST, "收到 {B2}", ANSWERED),
            new Row(Command.Type.CHECK_FRAUD, SCAM + " 这是诈骗吗", ANSWERED),
            new Row(Command.Type.CONFIRM_FRAUD, "确认诈骗 {F}", has(Action.SaveFraudAlert.class)),
            new Row(Command.Type.FALSE_ALARM, "误报 {F}", has(Action.SaveFraudAlert.class)));

    // ---------------------------------------------------------------- the state every cell starts from

    /** Tickets, appointments, broadcasts and fraud alerts as the gateway would keep them, fed by the decisions' actions. */
    private static final class World {
        final Map<String, Ticket> tickets = new LinkedHashMap<>();
        final Map<String, Appointment> appointments = new LinkedHashMap<>();
        final Map<String, Broadcast> broadcasts = new LinkedHashMap<>();
        final Map<String, FraudAlert> frauds = new LinkedHashMap<>();
        final Map<String, String> ids = new LinkedHashMap<>();

        World copy() {
            World w = new World();
            w.tickets.putAll(tickets);
            w.appointments.putAll(appointments);
            w.broadcasts.putAll(broadcasts);
            w.frauds.putAll(frauds);
            w.ids.putAll(ids);
            return w;
        }

        Snapshot snapshot(Needs n, String sender) {
            List<Ticket> mine = n.senderTickets() ? tickets.values().stream().filter(t -> t.resident().equals(sender)).toList() : List.of();
            List<Ticket> queue = n.assigneeTickets()
                    ? tickets.values().stream().filter(t -> t.state().isOpen() && sender.equals(t.assignee())).toList() : List.of();
            Map<String, Ticket> named = new LinkedHashMap<>();
            for (String id : n.tickets()) if (tickets.containsKey(id)) named.put(id, tickets.get(id));
            Map<String, Appointment> appts = new LinkedHashMap<>();
            for (String id : n.appointments()) if (appointments.containsKey(id)) appts.put(id, appointments.get(id));
            List<Appointment> myAppts = n.senderAppointments()
                    ? appointments.values().stream().filter(a -> a.resident().equals(sender)).toList() : List.of();
            Map<String, Broadcast> bs = new LinkedHashMap<>();
            for (String id : n.broadcasts()) if (broadcasts.containsKey(id)) bs.put(id, broadcasts.get(id));
            List<Broadcast> open = n.openBroadcasts() ? broadcasts.values().stream().filter(Broadcast::active).toList() : List.of();
            Map<String, FraudAlert> fs = new LinkedHashMap<>();
            for (String id : n.fraudAlerts()) if (frauds.containsKey(id)) fs.put(id, frauds.get(id));
            return new Snapshot(T0, named, mine, queue, appts, myAppts, Map.of(),
                    n.newTicketId() ? "AZ-20261122-" + String.format("%04d", tickets.size() + 1) : null,
                    n.newAppointmentId() ? "AZY-20261122-" + String.format("%04d", appointments.size() + 1) : null,
                    new Snapshot.Broadcasts(bs, Map.of(), open,
                            n.newBroadcastId() ? "B-20261122-" + String.format("%04d", broadcasts.size() + 1) : null),
                    new Snapshot.Frauds(fs, n.newFraudId() ? "F-20261122-" + String.format("%04d", frauds.size() + 1) : null),
                    n.consoleCode() ? new Snapshot.ConsoleCode("ABCDE-FGHJK", "http://127.0.0.1:8080/console/") : null);
        }

        void apply(List<Action> actions) {
            for (Action a : actions) {
                if (a instanceof Action.SaveTicket s) tickets.put(s.change().after().id(), s.change().after());
                if (a instanceof Action.SaveAppointment s) appointments.put(s.after().id(), s.after());
                if (a instanceof Action.SaveBroadcast s) broadcasts.put(s.after().id(), s.after());
                if (a instanceof Action.SaveFraudAlert s) frauds.put(s.after().id(), s.after());
            }
        }
    }

    private int n;

    private List<Action> say(World w, Matrix on, String from, Group chat, boolean mentioned, String text) {
        String name = on.member(from).map(Member::name).orElse("路人甲");
        InboundMessage m = new InboundMessage("m-" + (++n), "sim", "c-" + n, chat.id(), from, name, text, mentioned, T0);
        Plan plan = dispatcher.plan(on, chat, m, null);
        List<Action> out = dispatcher.decide(plan, w.snapshot(plan.needs(), plan.sender().id()));
        w.apply(out);
        return out;
    }

    private Group dm(Matrix on, String who) {
        return on.member(who).map(on::privateChatOf).orElseGet(() -> on.privateChatOf(Member.resident(who, "路人甲", null)));
    }

    private String newest(Map<String, ?> before, Map<String, ?> after) {
        return after.keySet().stream().filter(k -> !before.containsKey(k)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing was made"));
    }

    private World fixtures() {
        World w = new World();
        Group village = matrix.chat("g-zhangda").orElseThrow();
        say(w, matrix, "r-ciren", village, false, "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理");
        w.ids.put("T", newest(Map.of(), w.tickets));
        Map<String, Ticket> before = new LinkedHashMap<>(w.tickets);
        say(w, matrix, "r-ciren", village, false, "邻居家的牦牛把我家青稞吃了一大片，他还不认账，请帮忙调解");
        String closed = newest(before, w.tickets);
        say(w, matrix, "p-wang", dm(matrix, "p-wang"), true, "办结 " + closed + " 已调解，赔偿青稞两袋");
        assertEquals(TicketState.FOLLOWED_UP, w.tickets.get(closed).state(), "a ticket waits for 次仁's rating");
        say(w, matrix, "r-ciren", dm(matrix, "r-ciren"), true, "我想预约办身份证，明天上午");
        w.ids.put("A", newest(Map.of(), w.appointments));
        say(w, matrix, "p-tashi", dm(matrix, "p-tashi"), true, "发布【治安防范】章达村：近期有人冒充电力公司上门收费，请勿轻信。");
        w.ids.put("B1", newest(Map.of(), w.broadcasts));
        Map<String, Broadcast> bBefore = new LinkedHashMap<>(w.broadcasts);
        say(w, matrix, "p-tashi", dm(matrix, "p-tashi"), true, "发布【寻人寻物】章达村：寻人：男孩，8岁，穿红色外套，今天下午在村口走失。");
        w.ids.put("B2", newest(bBefore, w.broadcasts));
        assertTrue(w.broadcasts.get(w.ids.get("B2")).active(), "the 寻人 case went out at once: " + w.broadcasts.get(w.ids.get("B2")));
        say(w, matrix, "r-lhakpa", village, false, SCAM);
        w.ids.put("F", newest(Map.of(), w.frauds));
        return w;
    }

    private Matrix as(Sender s) {
        if (!s.deactivated()) return matrix;
        List<Member> members = new ArrayList<>();
        for (Member m : matrix.members()) {
            members.add(m.id().equals(s.id()) ? new Member(m.id(), m.name(), m.roles(), m.grids(), m.note(), false, m.dm()) : m);
        }
        return new Matrix(matrix.station(), matrix.grids(), matrix.groups(), members);
    }

    private Outcome outcome(World fixtures, Row row, Sender s, boolean group) {
        World w = fixtures.copy();
        Matrix on = as(s);
        String text = row.example();
        for (var e : fixtures.ids.entrySet()) text = text.replace("{" + e.getKey() + "}", e.getValue());
        Group chat = group ? on.chat("g-zhangda").orElseThrow() : dm(on, s.id());
        String name = on.member(s.id()).map(Member::name).orElse("路人甲");
        InboundMessage m = new InboundMessage("m-" + (++n), "sim", "c-" + n, chat.id(), s.id(), name, text, true, T0);
        Plan plan = dispatcher.plan(on, chat, m, null);
        List<Action> out = dispatcher.decide(plan, w.snapshot(plan.needs(), plan.sender().id()));
        if (plan.command().type() != row.type()) return Outcome.WORDS;
        if (row.done().test(out)) return Outcome.DONE;
        return replies(out).isEmpty() ? Outcome.NOTHING : Outcome.REFUSED;
    }

    /** The table as it stands, in the form docs/ACCESS.md keeps it. */
    private String table() {
        World fixtures = fixtures();
        StringBuilder b = new StringBuilder("| 命令 command | 例 example |");
        for (Sender s : SENDERS) b.append(' ').append(s.label()).append(" |");
        b.append("\n|---|---|");
        b.append("---|".repeat(SENDERS.size()));
        for (Row row : ROWS) {
            b.append("\n| ").append(row.type()).append(" | `").append(row.example().length() > 24
                    ? row.example().substring(0, 23) + "…" : row.example()).append("` |");
            for (Sender s : SENDERS) {
                b.append(' ').append(outcome(fixtures, row, s, true).mark).append(' ')
                        .append(outcome(fixtures, row, s, false).mark).append(" |");
            }
        }
        return b.append('\n').toString();
    }

    /**
     * A person deactivated on the roster is out at once — also from the tickets they still hold: asking for a tip they
     * were given, before the duty officer took it over, tells them nothing of it.
     */
    @Test
    void aDeactivatedAssignee_canNoLongerReadTheirTicket() {
        World w = new World();
        String tip = "我要举报，村东头有人聚众赌博，每天晚上都有";
        say(w, matrix, "r-lhakpa", dm(matrix, "r-lhakpa"), true, tip);
        Ticket t = w.tickets.values().iterator().next();
        assertTrue(t.confidential());
        Sender gone = new Sender("已停用", t.assignee(), true);
        Matrix on = as(gone);
        List<Action> out = say(w, on, t.assignee(), dm(on, t.assignee()), true, "查询 " + t.id());
        assertTrue(replies(out).stream().noneMatch(r -> r.contains("赌博")), "nothing of the tip: " + replies(out));
        assertTrue(replies(out).stream().anyMatch(ChatAccessMatrixTest::refusal), "refused: " + replies(out));
    }

    @Test
    void everyChatCommand_isAllowedOrRefused_asDocsAccessMdSays() throws IOException {
        Set<Command.Type> covered = EnumSet.noneOf(Command.Type.class);
        for (Row r : ROWS) covered.add(r.type());
        Set<Command.Type> all = EnumSet.allOf(Command.Type.class);
        all.remove(Command.Type.NONE);
        assertEquals(all, covered, "every command has a row");

        String actual = table();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String begin = "<!-- chat-matrix:begin -->\n", end = "<!-- chat-matrix:end -->";
        assertTrue(doc.contains(begin) && doc.contains(end), "docs/ACCESS.md keeps the chat table between markers");
        String written = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
        assertEquals(written, actual, "who may do what in chat differs from docs/ACCESS.md; the table found:\n" + actual);
    }
}
