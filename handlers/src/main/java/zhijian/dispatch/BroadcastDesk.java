package zhijian.dispatch;

import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.broadcast.BroadcastPolicy;
import zhijian.broadcast.Clue;
import zhijian.broadcast.FanoutPlanner;
import zhijian.broadcast.PublishSyntax;
import zhijian.broadcast.ScopeParser;
import zhijian.broadcast.TargetStatus;
import zhijian.broadcast.Weeks;
import zhijian.catalog.ServiceItem;
import zhijian.intent.Classification;
import zhijian.intent.Intent;
import zhijian.matrix.Group;
import zhijian.matrix.Member;
import zhijian.matrix.Tier;
import zhijian.message.InboundMessage;
import zhijian.message.SystemEvent;
import zhijian.message.TimerEvent;
import zhijian.text.BroadcastTexts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The broadcast half of a decision: publishing and everything after it — preview, confirm, Update, Cancel, 已找到,
 * progress; a group's 收到; sightings in a 寻人 case; and the broadcast's timers and completion. It adds its actions
 * to the {@link Decision} it works for.
 */
final class BroadcastDesk {
    private final Decision d;
    private final BroadcastPolicy policy;
    private final BroadcastTexts bt;

    BroadcastDesk(Decision d) {
        this.d = d;
        this.policy = d.rules.broadcasts();
        this.bt = new BroadcastTexts(d.matrix, d.rules.catalog());
    }

    BroadcastTexts texts() { return bt; }

    // ------------------------------------------------------------------ commands

    /** @param reply answers the sender where they spoke */
    void command(Command cmd, Member sender, Group chat, Consumer<String> reply) {
        switch (cmd.type()) {
            case PUBLISH -> publish(cmd.text(), sender, chat, reply);
            case CONFIRM_BROADCAST -> managed(cmd.id(), sender, reply, b -> confirm(b, reply));
            case CANCEL_BROADCAST -> managed(cmd.id(), sender, reply, b -> cancel(b, sender, cmd.text(), reply));
            case UPDATE_BROADCAST -> managed(cmd.id(), sender, reply, b -> update(b, cmd.text(), reply));
            case BROADCAST_PROGRESS -> progress(cmd.id(), sender, reply);
            case FOUND -> found(cmd.id(), sender, cmd.text(), reply);
            case ACK_BROADCAST -> ackFor(cmd.id(), sender, reply);
            default -> throw new IllegalArgumentException("not a broadcast command: " + cmd.type());
        }
    }

    private void publish(String text, Member sender, Group chat, Consumer<String> reply) {
        if (!policy.mayPublish(sender)) {
            reply.accept(bt.notAllowed());
            return;
        }
        if (chat.tier() == Tier.LANDING) {
            reply.accept(bt.onlyFromTier1());
            return;
        }
        PublishSyntax.Parsed p = PublishSyntax.parse(text);
        if (p.error() != null) {
            reply.accept(p.error());
            return;
        }
        Optional<ServiceItem> item = d.rules.catalog().outbound(p.category());
        if (item.isEmpty()) {
            reply.accept(bt.unknownCategory(p.category()));
            return;
        }
        ScopeParser.Result scope = ScopeParser.parse(p.scope(), d.matrix);
        if (scope.error() != null) {
            reply.accept(scope.error());
            return;
        }
        List<Group> targets = FanoutPlanner.targets(d.matrix, scope.scope());
        if (targets.isEmpty()) {
            reply.accept(bt.noTargets(scope.scope().label()));
            return;
        }
        ServiceItem it = item.get();
        Instant now = d.snap.now();
        String id = d.snap.broadcasts().newId();
        if (id == null) throw new IllegalStateException("a publication needs a new broadcast id");
        Broadcast b = new Broadcast(id, it.id(), p.category(), policy.severityOf(it, p.category()), scope.scope(),
                p.body(), sender.id(), chat.id(), now, null, now.plus(it.expires()), Broadcast.State.PREVIEW,
                policy.isUrgent(it, p.category()), policy.isMissingPerson(it.id(), p.category()), List.of(), 0, null,
                null, null, 0);
        if (!b.urgent()) {
            // a preview nobody confirms is discarded when it stops being valid (the same timer is its expiry once sent)
            save(null, b, null, List.of(new TimerEvent(TimerEvent.Kind.EXPIRE, id, 1, now.plus(policy.previewValid()))),
                    List.of());
            reply.accept(bt.preview(b, targets, policy.previewValid()));
            return;
        }
        Broadcast sent = send(null, b, targets, it);
        reply.accept(bt.sentAtOnce(sent, targets, policy));
    }

    /** The first Alert: saved with its timers (validity, 收到 reminders, widening). */
    private Broadcast send(Broadcast before, Broadcast b, List<Group> targets, ServiceItem item) {
        Instant now = d.snap.now();
        Broadcast timed = new Broadcast(b.id(), b.category(), b.word(), b.severity(), b.scope(), b.text(), b.publisher(),
                b.fromChat(), b.createdAt(), now, now.plus(item.expires()), b.state(), b.urgent(), b.missingPerson(),
                b.waves(), b.widened(), null, null, null, b.version());
        Broadcast.Wave w = timed.nextWave(Broadcast.Wave.Kind.ALERT, b.text(), bt.title(timed, Broadcast.Wave.Kind.ALERT),
                bt.alertBody(timed, b.text(), policy), ids(targets), now, null);
        Broadcast after = timed.sent(w, now, timed.expiresAt());
        List<TimerEvent> timers = new ArrayList<>();
        timers.add(new TimerEvent(TimerEvent.Kind.EXPIRE, b.id(), 1, after.expiresAt()));
        if (after.urgent()) timers.add(new TimerEvent(TimerEvent.Kind.ACK_CHECK, b.id(), w.n(), now.plus(policy.ackRemindAfter())));
        if (after.missingPerson()) {
            for (int k = 1; k <= policy.widen().size(); k++) {
                timers.add(new TimerEvent(TimerEvent.Kind.WIDEN, b.id(), k, now.plus(policy.widen().get(k - 1).after())));
            }
        }
        save(before, after, w, timers, List.of());
        return after;
    }

    private void confirm(Broadcast b, Consumer<String> reply) {
        if (b.state() != Broadcast.State.PREVIEW) {
            reply.accept(bt.notPreview(b));
            return;
        }
        if (d.snap.now().isAfter(b.createdAt().plus(policy.previewValid()))) {
            reply.accept(bt.previewExpired(b, policy.previewValid()));
            return;
        }
        // the matrix may have changed since the preview: plan again from the scope
        List<Group> targets = FanoutPlanner.targets(d.matrix, b.scope());
        if (targets.isEmpty()) {
            reply.accept(bt.noTargets(b.scope().label()));
            return;
        }
        ServiceItem item = d.rules.catalog().item(b.category())
                .orElseThrow(() -> new IllegalStateException("category " + b.category() + " is gone from the catalog"));
        Broadcast sent = send(b, b, targets, item);
        reply.accept(bt.confirmed(sent, targets));
    }

    private void cancel(Broadcast b, Member sender, String note, Consumer<String> reply) {
        Instant now = d.snap.now();
        if (b.state() == Broadcast.State.PREVIEW) {
            save(b, b.closed(Broadcast.State.DISCARDED, sender.id(), now, note, null),
                    null, List.of(), List.of());
            reply.accept(bt.discarded(b));
            return;
        }
        if (!b.active()) {
            reply.accept(bt.notActive(b));
            return;
        }
        Broadcast.Wave w = closing(b, bt.cancelBody(b, note), note);
        save(b, b.closed(Broadcast.State.CANCELLED, sender.id(), now, note, w), w, List.of(), timersOf(b));
        reply.accept(bt.cancelling(b));
    }

    private void update(Broadcast b, String text, Consumer<String> reply) {
        if (b.state() == Broadcast.State.PREVIEW) {
            reply.accept(bt.previewNotUpdatable(b));
            return;
        }
        if (!b.active()) {
            reply.accept(bt.notActive(b));
            return;
        }
        Broadcast.Wave w = b.nextWave(Broadcast.Wave.Kind.UPDATE, text.strip(), bt.title(b, Broadcast.Wave.Kind.UPDATE),
                bt.updateBody(b, text), b.addressed(), d.snap.now(), null);
        save(b, b.withWave(w), w, List.of(), List.of());
        reply.accept(bt.updating(b));
    }

    private void found(String id, Member sender, String note, Consumer<String> reply) {
        Broadcast b;
        if (id != null) {
            b = d.snap.broadcasts().named().get(id);
            if (b == null) {
                reply.accept(bt.noSuchBroadcast(id));
                return;
            }
        } else {
            List<Broadcast> mine = d.snap.broadcasts().open().stream().filter(Broadcast::missingPerson)
                    .filter(x -> mayManage(sender, x)).toList();
            // a bare 已找到 closes nothing: a case is closed for everyone at once, so its number is asked for
            reply.accept(bt.whichCase(mine));
            return;
        }
        if (!mayManage(sender, b)) {
            reply.accept(bt.notYours(b));
            return;
        }
        if (!b.missingPerson()) {
            reply.accept(bt.notMissingPerson(b));
            return;
        }
        if (!b.active()) {
            reply.accept(bt.notActive(b));
            return;
        }
        Broadcast.Wave w = closing(b, bt.foundBody(b, note), note);
        save(b, b.closed(Broadcast.State.FOUND, sender.id(), d.snap.now(), note, w), w, List.of(), timersOf(b));
        reply.accept(bt.found(b, d.snap.broadcasts().ledger(b.id()).clues().size()));
    }

    /** The Cancel wave: to every chat an Alert went to. */
    private Broadcast.Wave closing(Broadcast b, String body, String note) {
        return b.nextWave(Broadcast.Wave.Kind.CANCEL, note == null ? "" : note, bt.title(b, Broadcast.Wave.Kind.CANCEL),
                body, b.addressed(), d.snap.now(), null);
    }

    private void progress(String id, Member sender, Consumer<String> reply) {
        if (!sender.isPolice()) {
            reply.accept(bt.onlyPolice());
            return;
        }
        Broadcast b = d.snap.broadcasts().named().get(id);
        if (b == null) {
            reply.accept(bt.noSuchBroadcast(id));
            return;
        }
        reply.accept(bt.progress(b, d.snap.broadcasts().ledger(id)));
    }

    /** Runs {@code then} on the named broadcast when the sender may manage it. */
    private void managed(String id, Member sender, Consumer<String> reply, Consumer<Broadcast> then) {
        Broadcast b = d.snap.broadcasts().named().get(id);
        if (b == null) {
            reply.accept(bt.noSuchBroadcast(id));
            return;
        }
        if (!mayManage(sender, b)) {
            reply.accept(policy.mayPublish(sender) ? bt.notYours(b) : bt.notAllowed());
            return;
        }
        then.accept(b);
    }

    /** The publisher, or the station's chief. */
    private boolean mayManage(Member m, Broadcast b) {
        return m.isPolice() && (m.id().equals(b.publisher()) || m.id().equals(d.matrix.station().chief()));
    }

    // ------------------------------------------------------------------ what is said in a reached group

    /**
     * A 收到 from staff in a group an open broadcast reached, or a resident's sighting during a 寻人 case (in a group
     * the case reached, or in private). Returns whether the decision is complete.
     *
     * <p>A 收到 acknowledges the newest broadcast that arrived in the group and was not acknowledged there yet.
     * A sighting is filed with the case and goes to the case officer; if the classifier reads the message as an
     * emergency it is then handled as one too. A message the classifier reads as another clear request (a dispute,
     * a hazard, a report …) is not taken for a sighting: it goes where such requests go.
     */
    boolean heard(InboundMessage msg, Group chat, Member sender, Classification cls, Consumer<String> reply) {
        List<Broadcast> open = d.snap.broadcasts().open();
        if (chat.tier() == Tier.LANDING && sender.isStaff() && policy.isAck(msg.text())) {
            Optional<Broadcast> newest = open.stream()
                    .filter(b -> arrived(b, chat.id()) && !d.snap.broadcasts().ledger(b.id()).acks().containsKey(chat.id()))
                    .max(java.util.Comparator.comparing(Broadcast::sentAt));
            newest.ifPresent(b -> d.actions.add(new Action.RecordAck(b.id(), chat.id(), sender.id(), d.snap.now())));
            return newest.isPresent();
        }
        if (sender.isPolice() || !policy.looksLikeSighting(msg.text())) return false;
        Intent intent = cls == null ? Intent.OTHER : cls.intent();
        boolean emergency = intent == Intent.EMERGENCY;
        if (!emergency && cls != null && cls.clear() && intent != Intent.OTHER) return false;
        List<Broadcast> cases = open.stream().filter(Broadcast::missingPerson)
                .filter(b -> chat.isPrivate() || b.addresses(chat.id())).toList();
        if (cases.isEmpty()) return false;
        Clue clue = new Clue(msg.id(), chat.id(), sender.id(), sender.name(), msg.text(), msg.at());
        for (Broadcast b : cases) {
            d.actions.add(new Action.RecordClue(b.id(), clue));
            d.notice(b.publisher(), bt.clueNotice(b, clue), null);
        }
        if (emergency) return false;   // the emergency answer and page follow
        reply.accept(bt.clueThanks());
        return true;
    }

    /** Whether an Alert of the broadcast is in the chat (sent, or waiting only on the owner's tap). */
    private boolean arrived(Broadcast b, String chat) {
        BroadcastLedger ledger = d.snap.broadcasts().ledger(b.id());
        for (Broadcast.Wave w : b.waves()) {
            if (w.kind() == Broadcast.Wave.Kind.ALERT && w.targets().contains(chat) && ledger.status(w.n(), chat).delivered()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code 收到 B-…} from an officer: the groups of the broadcast they administer where it arrived are acknowledged.
     * The way to acknowledge groups whose senders the gateway cannot verify (personal-WeChat groups).
     */
    private void ackFor(String id, Member sender, Consumer<String> reply) {
        Broadcast b = d.snap.broadcasts().named().get(id);
        if (b == null) {
            reply.accept(bt.noSuchBroadcast(id));
            return;
        }
        if (!sender.isPolice()) {
            reply.accept(bt.onlyPolice());
            return;
        }
        BroadcastLedger ledger = d.snap.broadcasts().ledger(id);
        List<String> mine = new ArrayList<>();
        for (String chat : b.addressed()) {
            Group g = d.matrix.chat(chat).orElse(null);
            if (g == null || g.tier() != Tier.LANDING || !sender.id().equals(adminOf(g))) continue;
            if (ledger.acks().containsKey(chat) || !arrived(b, chat)) continue;
            mine.add(chat);
            d.actions.add(new Action.RecordAck(b.id(), chat, sender.id(), d.snap.now()));
        }
        reply.accept(bt.acknowledged(b, mine));
    }

    /** The officer who answers for a group: its admin, or its grid's community officer. */
    private String adminOf(Group g) {
        return g.admin() != null ? g.admin() : d.matrix.grid(g.grid()).map(x -> x.officer()).orElse(null);
    }

    // ------------------------------------------------------------------ timers and completion

    void timer(TimerEvent t) {
        Broadcast b = d.snap.broadcasts().named().get(t.subject());
        if (t.kind() == TimerEvent.Kind.PURGE) {
            if (b == null || b.state() == Broadcast.State.PREVIEW || b.active()) d.actions.add(new Action.Ignore("nothing to purge"));
            else d.actions.add(new Action.PurgeBroadcast(b));
            return;
        }
        if (b != null && b.state() == Broadcast.State.PREVIEW && t.kind() == TimerEvent.Kind.EXPIRE) {
            save(b, b.closed(Broadcast.State.DISCARDED, null, d.snap.now(), "预览过期", null), null, List.of(), List.of());
            d.notice(b.publisher(), bt.previewLapsed(b, policy.previewValid()), null);
            return;
        }
        if (b == null || !b.active()) {
            d.actions.add(new Action.Ignore("timer of a broadcast no longer in force"));
            return;
        }
        switch (t.kind()) {
            case WIDEN -> widen(b, t.generation());
            case ACK_CHECK -> ackCheck(b, t.generation());
            case EXPIRE -> {
                if (t.due() != null && t.due().isBefore(b.expiresAt())) {
                    // the preview's lapse timer, fired after a last-moment 确认 moved it: not this broadcast's expiry
                    d.actions.add(new Action.Ignore("stale expiry"));
                    return;
                }
                save(b, b.closed(Broadcast.State.EXPIRED, null, d.snap.now(), null, null), null, List.of(), timersOf(b));
                d.notice(b.publisher(), bt.expired(b), null);
            }
            default -> throw new IllegalArgumentException("not a broadcast timer: " + t.kind());
        }
    }

    private void widen(Broadcast b, int step) {
        if (!b.missingPerson() || step > policy.widen().size() || b.widened() >= step) {
            d.actions.add(new Action.Ignore("widening already done"));
            return;
        }
        BroadcastPolicy.Widening widening = policy.widen().get(step - 1);
        List<Group> next = switch (widening.to()) {
            case TOWNSHIP -> FanoutPlanner.township(d.matrix);
            case COUNTY -> FanoutPlanner.county(d.matrix);
        };
        List<String> added = FanoutPlanner.newOnes(next, b.addressed());
        Broadcast.Wave w = null;
        List<TimerEvent> timers = new ArrayList<>();
        if (!added.isEmpty()) {
            // the county reads it as a request to help look (协查), without the groups' lines about 收到 and clues
            String body = widening.to() == BroadcastPolicy.Reach.COUNTY ? bt.countyBody(b, b.currentText())
                    : bt.alertBody(b, b.currentText(), policy);
            w = b.nextWave(Broadcast.Wave.Kind.ALERT, b.currentText(), bt.title(b, Broadcast.Wave.Kind.ALERT), body, added,
                    d.snap.now(), "扩大到" + widening.to().label());
            if (b.urgent() && widening.to() != BroadcastPolicy.Reach.COUNTY) {
                timers.add(new TimerEvent(TimerEvent.Kind.ACK_CHECK, b.id(), w.n(), d.snap.now().plus(policy.ackRemindAfter())));
            }
        }
        save(b, b.widenedTo(step, w), w, timers, List.of());
        d.notice(b.publisher(), bt.widened(b, widening, added.size()), null);
    }

    /** Reminds the officer of each reached group that has it but has not said 收到; tells the publisher. */
    private void ackCheck(Broadcast b, int wave) {
        if (wave > b.waves().size()) {
            d.actions.add(new Action.Ignore("no such wave"));
            return;
        }
        BroadcastLedger ledger = d.snap.broadcasts().ledger(b.id());
        Broadcast.Wave w = b.wave(wave);
        Map<String, List<String>> silentBy = new LinkedHashMap<>(), unconfirmedBy = new LinkedHashMap<>();
        List<String> silent = new ArrayList<>();
        for (String chat : w.targets()) {
            Group g = d.matrix.chat(chat).orElse(null);
            if (g == null || g.tier() != Tier.LANDING || ledger.acks().containsKey(chat)) continue;
            TargetStatus s = ledger.status(wave, chat);
            if (!s.delivered()) continue;   // not there: the ledger and the summary say why
            String officer = adminOf(g);
            silent.add(chat);
            if (officer == null) continue;
            // a customer group's copy waits for its owner (the officer) to confirm it in WeCom: nobody can read it yet
            (s == TargetStatus.WAITING_CONFIRMATION ? unconfirmedBy : silentBy).computeIfAbsent(officer, k -> new ArrayList<>()).add(chat);
        }
        if (silent.isEmpty()) {
            d.actions.add(new Action.Ignore("every reached group acknowledged"));
            return;
        }
        Duration after = Duration.between(w.at(), d.snap.now());
        java.util.Set<String> officers = new java.util.LinkedHashSet<>(silentBy.keySet());
        officers.addAll(unconfirmedBy.keySet());
        for (String officer : officers) {
            d.notice(officer, bt.ackReminder(b, silentBy.getOrDefault(officer, List.of()),
                    unconfirmedBy.getOrDefault(officer, List.of()), after), null);
        }
        if (!officers.contains(b.publisher())) {
            d.notice(b.publisher(), bt.ackSummary(b, silent, List.copyOf(officers)), null);
        }
    }

    /** Every chat of a wave is done: the publisher gets the summary. */
    void done(SystemEvent e) {
        Broadcast b = d.snap.broadcasts().named().get(e.subject());
        int n;
        try {
            n = Integer.parseInt(e.detail());
        } catch (NumberFormatException ex) {
            n = -1;
        }
        if (b == null || n < 1 || n > b.waves().size()) {
            d.actions.add(new Action.Ignore("completion of an unknown broadcast wave"));
            return;
        }
        d.notice(b.publisher(), bt.waveDone(b, b.wave(n), d.snap.broadcasts().ledger(b.id())), null);
    }

    /** Saves; a broadcast that closes here is kept for keep_for and then purged. */
    private void save(Broadcast before, Broadcast after, Broadcast.Wave wave, List<TimerEvent> schedule, List<String> cancel) {
        boolean closes = !after.active() && after.state() != Broadcast.State.PREVIEW
                && (before == null || before.active() || before.state() == Broadcast.State.PREVIEW);
        if (closes) {
            schedule = new ArrayList<>(schedule);
            schedule.add(new TimerEvent(TimerEvent.Kind.PURGE, after.id(), 1, d.snap.now().plus(policy.keepFor())));
        }
        Instant counted = after.sentAt() != null ? after.sentAt() : after.createdAt();
        d.actions.add(new Action.SaveBroadcast(before, after, wave, schedule, cancel,
                Weeks.of(counted, d.matrix.station().zone())));
    }

    /** Every timer a broadcast may have, to cancel when it closes. */
    private List<String> timersOf(Broadcast b) {
        List<String> out = new ArrayList<>();
        out.add(new TimerEvent(TimerEvent.Kind.EXPIRE, b.id(), 1, null).key());
        for (Broadcast.Wave w : b.waves()) out.add(new TimerEvent(TimerEvent.Kind.ACK_CHECK, b.id(), w.n(), null).key());
        for (int k = 1; k <= policy.widen().size(); k++) out.add(new TimerEvent(TimerEvent.Kind.WIDEN, b.id(), k, null).key());
        return out;
    }

    private static List<String> ids(List<Group> groups) {
        return groups.stream().map(Group::id).toList();
    }
}
