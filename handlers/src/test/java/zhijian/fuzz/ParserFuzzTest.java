package zhijian.fuzz;

import org.junit.jupiter.api.Test;
import zhijian.appointment.When;
import zhijian.appointment.WhenParser;
import zhijian.broadcast.PublishSyntax;
import zhijian.broadcast.ScopeParser;
import zhijian.dispatch.Action;
import zhijian.dispatch.Command;
import zhijian.dispatch.CommandParser;
import zhijian.dispatch.Dispatcher;
import zhijian.dispatch.Plan;
import zhijian.dispatch.Rules;
import zhijian.dispatch.Snapshot;
import zhijian.fraud.FraudDetector;
import zhijian.fraud.FraudVerdict;
import zhijian.intent.Classification;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.InboundMessage;
import zhijian.testing.RealSeeds;
import zhijian.ticket.Ticket;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and adversarial texts into every parser and classifier residents' words reach: no exception escapes, the
 * answer is the same every time, and what a command carries is well formed. Seeded: a failure names its seed and
 * case; {@code -Dzj.fuzz.seed=…} replays it.
 */
class ParserFuzzTest {
    private static final int CASES = 3000;
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final Pattern ANY_ID = Pattern.compile("[A-Z]{1,6}-\\d{8}-\\d{3,6}");

    private final Matrix matrix = RealSeeds.get().matrix();
    private final Rules rules = RealSeeds.get().rules();

    /** Runs the property on {@code n} texts; a failure says the seed, the case and the text (escaped). */
    private static void forAll(String what, int n, Consumer<String> property) {
        long seed = RandomText.seed();
        RandomText texts = new RandomText(seed + what.hashCode());
        // a pathological regular expression would hang here, not fail: bound the whole run
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < n; i++) {
                String text = texts.next();
                try {
                    property.accept(text);
                } catch (Throwable t) {
                    throw new AssertionError(what + " failed on case " + i + " of seed " + seed + " (-Dzj.fuzz.seed=" + seed
                            + "): text " + escaped(text) + ": " + t, t);
                }
            }
        });
    }

    static String escaped(String s) {
        StringBuilder b = new StringBuilder("\"");
        String head = s.length() > 300 ? s.substring(0, 300) : s;
        for (char c : head.toCharArray()) {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) || c == '\u202e' || c == '\ufeff') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 300 ? "…(" + s.length() + " chars)\"" : "\"").toString();
    }

    @Test
    void commandParser_neverThrows_isStable_andCarriesWellFormedIds() {
        forAll("CommandParser", CASES, text -> {
            Command c = CommandParser.parse(text);
            assertNotNull(c);
            assertNotNull(c.type());
            assertEquals(c, CommandParser.parse(text), "the same text, the same command");
            assertEquals(c, CommandParser.parse(" \n" + text + "\t "), "blanks around a command do not change it");
            if (c.id() != null) {
                assertTrue(ANY_ID.matcher(c.id()).matches(), "an id is an id: " + c.id());
                assertTrue(text.toUpperCase(Locale.ROOT).contains(c.id()), "the id was typed: " + c.id());
            }
            if (c.type() == Command.Type.RATE) assertTrue(c.stars() >= 1 && c.stars() <= 5, "stars " + c.stars());
            else assertEquals(0, c.stars());
            switch (c.type()) {
                case SIGN, REPLY, REASSIGN, RETURN, CLOSE, STATUS, SUPPLEMENT, CONFIRM_BROADCAST, UPDATE_BROADCAST,
                     ACK_BROADCAST, BROADCAST_PROGRESS, CANCEL_BROADCAST, CONFIRM_FRAUD, FALSE_ALARM ->
                        assertNotNull(c.id(), "a command about one thing names it");
                default -> { }
            }
            if (c.type() == Command.Type.REPLY || c.type() == Command.Type.SUPPLEMENT || c.type() == Command.Type.UPDATE_BROADCAST) {
                assertFalse(c.text() == null || c.text().isBlank(), "a reply carries its words");
            }
        });
    }

    @Test
    void publishSyntax_andScopes_neverThrow_andAnswerOneWayOrTheOther() {
        forAll("PublishSyntax", CASES, text -> {
            boolean looks = PublishSyntax.looksLikePublish(text);
            assertEquals(looks, PublishSyntax.looksLikePublish(text));
            PublishSyntax.Parsed p = PublishSyntax.parse(text);
            assertNotNull(p);
            assertEquals(p, PublishSyntax.parse(text));
            if (p.error() == null) {
                assertNotNull(p.category(), "a publication without an error has a category");
                ScopeParser.Result r = ScopeParser.parse(p.scope() == null ? "" : p.scope(), matrix);
                assertTrue(r.scope() != null ^ r.error() != null, "a scope or an error, not both: " + r);
            }
            ScopeParser.Result any = ScopeParser.parse(text, matrix);
            assertTrue(any.scope() != null ^ any.error() != null, "a scope or an error, not both: " + any);
        });
    }

    @Test
    void whenParser_neverThrows_andIsStable() {
        LocalDate today = LocalDate.of(2026, 11, 22);
        forAll("WhenParser", CASES, text -> {
            When w = WhenParser.parse(text, today);
            assertNotNull(w);
            assertEquals(w, WhenParser.parse(text, today));
            if (w.date() != null) assertFalse(w.date().isBefore(today.minusYears(1)), "a date near today: " + w.date());
        });
    }

    @Test
    void intentClassifier_faq_andAppointmentServices_neverThrow_andAreStable() {
        forAll("IntentClassifier", CASES / 2, text -> {
            Classification c = rules.classifier().classify(text);
            assertNotNull(c.intent());
            assertEquals(c, rules.classifier().classify(text));
            assertEquals(rules.faq().answer(text), rules.faq().answer(text));
            assertEquals(rules.appointments().service(text), rules.appointments().service(text));
            assertEquals(rules.broadcasts().isAck(text), rules.broadcasts().isAck(text));
            assertEquals(rules.broadcasts().looksLikeSighting(text), rules.broadcasts().looksLikeSighting(text));
        });
    }

    @Test
    void fraudDetector_neverThrows_andGivesTheSameVerdict() {
        FraudDetector detector = new FraudDetector(rules.fraud());
        forAll("FraudDetector", CASES, text -> {
            FraudVerdict v = detector.check(text);
            assertNotNull(v);
            assertEquals(v, detector.check(text));
            if (v.flagged()) assertNotNull(v.family(), "a flagged message names its family");
        });
    }

    /**
     * The whole pure decision on random texts, from random people in random chats: planning and deciding never throw,
     * and every message it sends goes somewhere and says something.
     */
    @Test
    void theDispatcher_decidesEveryRandomMessage_withoutThrowing() {
        Dispatcher dispatcher = new Dispatcher(rules);
        Ticket open = openTicket(dispatcher);
        List<String> people = List.of("r-ciren", "r-lhakpa", "v-zd-gw", "p-tashi", "p-wang", "p-admin", "c-zhang", "stranger-1");
        List<String> chats = List.of("g-zhangda", "g-tier1", "g-parents-school", "dm");
        Random pick = new Random(RandomText.seed());
        int[] n = {0};
        forAll("Dispatcher", 600, text -> {
            String from = people.get(pick.nextInt(people.size()));
            String where = chats.get(pick.nextInt(chats.size()));
            Group chat = where.equals("dm") ? matrix.member(from).map(matrix::privateChatOf)
                    .orElseGet(() -> matrix.privateChatOf(zhijian.matrix.Member.resident(from, "路人", null)))
                    : matrix.chat(where).orElseThrow();
            InboundMessage m = new InboundMessage("m-" + (++n[0]), "sim", "c-" + n[0], chat.id(), from,
                    matrix.member(from).map(x -> x.name()).orElse("路人"), text, pick.nextBoolean(), T0);
            Plan plan = dispatcher.plan(matrix, chat, m, null);
            assertNotNull(plan.needs());
            assertEquals(plan.command(), dispatcher.plan(matrix, chat, m, null).command());
            Snapshot snap = new Snapshot(T0, Map.of(open.id(), open), List.of(open), List.of(open), Map.of(), List.of(),
                    Map.of(), "AZ-20261122-0002", "AZY-20261122-0001",
                    new Snapshot.Broadcasts(Map.of(), Map.of(), List.of(), "B-20261122-0001"),
                    new Snapshot.Frauds(Map.of(), "F-20261122-0001"), new Snapshot.ConsoleCode("ABCDE-FGHJK", "http://x/console/"));
            for (Action a : dispatcher.decide(plan, snap)) {
                if (a instanceof Action.Send s) {
                    assertFalse(s.message().chat() == null || s.message().chat().isBlank(), "a message goes somewhere");
                    assertFalse(s.message().text() == null || s.message().text().isBlank(), "and says something");
                }
            }
        });
    }

    private Ticket openTicket(Dispatcher dispatcher) {
        InboundMessage m = new InboundMessage("m-0", "sim", "c-0", "g-zhangda", "r-ciren", "次仁",
                "村口的电线杆被风刮歪了，电线垂到路上，很危险，请赶快来处理", false, T0);
        Snapshot fresh = new Snapshot(T0, Map.of(), List.of(), List.of(), Map.of(), List.of(), Map.of(), "AZ-20261122-0001", null);
        return dispatcher.decide(dispatcher.plan(matrix, matrix.chat("g-zhangda").orElseThrow(), m, null), fresh).stream()
                .filter(a -> a instanceof Action.SaveTicket).map(a -> ((Action.SaveTicket) a).change().after())
                .findFirst().orElseThrow();
    }
}
