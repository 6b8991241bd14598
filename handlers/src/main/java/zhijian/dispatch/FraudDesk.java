package zhijian.dispatch;

import zhijian.broadcast.Weeks;
import zhijian.fraud.FraudAlert;
import zhijian.fraud.FraudLists;
import zhijian.fraud.FraudRules;
import zhijian.fraud.FraudVerdict;
import zhijian.matrix.Group;
import zhijian.matrix.Member;
import zhijian.message.InboundMessage;
import zhijian.message.OutboundMessage;
import zhijian.text.FraudTexts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The anti-fraud half of a decision: a scam posted in a group (the group warned, the officer told), a resident's
 * 这是诈骗吗, and officers' verdicts (确认诈骗 / 误报), which change what every instance flags from then on.
 */
final class FraudDesk {
    private final Decision d;
    private final FraudTexts ft;

    FraudDesk(Decision d) {
        this.d = d;
        this.ft = new FraudTexts(d.matrix, d.rules.catalog());
    }

    /** A message the detector took for a scam, in a tier-2 group. */
    void alert(InboundMessage msg, Group chat, Member sender, FraudVerdict v) {
        FraudRules.Family f = d.rules.fraud().family(v.family());
        FraudAlert a = file(FraudAlert.Kind.GROUP, msg, chat, sender, sender.id(), msg.text(), f, v);
        // said to the group, not to the sender: no @, and nothing of the message repeated
        d.send(chat.id(), ft.groupWarning(f), null, msg.id(), null, OutboundMessage.Kind.REPLY);
        d.notice(a.officer(), ft.officerNotice(a, f), null);
    }

    /**
     * A new alert, saved: its officer is the chat's (see {@link #officerFor}), its grid the group's or, asked in
     * private, the resident's. {@code from} is who posted the scam, null when unknown (a pasted message).
     */
    private FraudAlert file(FraudAlert.Kind kind, InboundMessage msg, Group chat, Member sender, String from, String text,
                            FraudRules.Family f, FraudVerdict v) {
        FraudAlert a = new FraudAlert(newId(), kind, chat.id(), chat.isPrivate() ? sender.homeGrid() : chat.grid(), from,
                sender.name(), text, f.id(), v.score(), v.why(), v.links(), v.numbers(), msg.id(), msg.at(),
                officerFor(chat, sender), FraudAlert.State.NEW, null, null, 1);
        save(null, a);
        return a;
    }

    void command(Command cmd, InboundMessage msg, Group chat, Member sender, FraudVerdict v, Consumer<String> reply) {
        switch (cmd.type()) {
            case CHECK_FRAUD -> check(cmd.text(), msg, chat, sender, v, reply);
            case CONFIRM_FRAUD -> verdict(cmd.id(), sender, true, privately(chat, sender, reply));
            case FALSE_ALARM -> verdict(cmd.id(), sender, false, privately(chat, sender, reply));
            default -> throw new IllegalArgumentException("not a fraud command: " + cmd.type());
        }
    }

    /**
     * A verdict's answer names what was blocked — the scam's link, number and sender — so one given in a group is
     * answered in private; the group only hears that it was.
     */
    private Consumer<String> privately(Group chat, Member sender, Consumer<String> reply) {
        if (chat.isPrivate()) return reply;
        return text -> {
            d.notice(sender.id(), text, null);
            reply.accept(ft.answeredPrivately());
        };
    }

    /** 这是诈骗吗: the verdict and advice; a scam is also filed and its officer told. */
    private void check(String content, InboundMessage msg, Group chat, Member sender, FraudVerdict v, Consumer<String> reply) {
        if (content == null || content.codePointCount(0, content.length()) < 6 || v == null) {
            reply.accept(ft.checkEmpty());
            return;
        }
        if (!v.flagged()) {
            reply.accept(v.warning() ? ft.checkWarning() : ft.checkClean());
            return;
        }
        FraudRules.Family f = d.rules.fraud().family(v.family());
        FraudAlert a = file(FraudAlert.Kind.CHECK, msg, chat, sender, null, content, f, v);
        reply.accept(ft.checkScam(f));
        d.notice(a.officer(), ft.officerNotice(a, f), null);
    }

    private void verdict(String id, Member sender, boolean scam, Consumer<String> reply) {
        FraudAlert a = d.snap.frauds().named().get(id);
        if (a == null) {
            reply.accept(ft.noSuchAlert(id));
            return;
        }
        if (!sender.isPolice()) {
            reply.accept(ft.onlyPolice());
            return;
        }
        if (a.state() != FraudAlert.State.NEW) {
            reply.accept(ft.alreadySettled(a));
            return;
        }
        FraudAlert after = a.settled(scam ? FraudAlert.State.CONFIRMED : FraudAlert.State.FALSE_ALARM, sender.id(), d.snap.now());
        save(a, after);
        // the sender of a group message is who posted the scam; a pasted message's sender is unknown
        String from = a.kind() == FraudAlert.Kind.GROUP ? a.sender() : null;
        if (scam) {
            d.actions.add(new Action.ChangeFraudLists(a.family(), a.links(), a.numbers(), from, null, null));
            List<String> blocked = new ArrayList<>();
            blocked.addAll(a.links().stream().map(l -> "链接 " + l).toList());
            blocked.addAll(a.numbers().stream().map(n -> "号码 " + n).toList());
            if (from != null) blocked.add("发送人 " + a.senderName());
            reply.accept(ft.confirmed(after, blocked));
        } else {
            d.actions.add(new Action.ChangeFraudLists(a.family(), List.of(), List.of(), null, FraudLists.fingerprint(a.text()), from));
            reply.accept(ft.falseAlarm(after));
        }
    }

    /** Who answers for scams in a chat: the group's admin or its grid's community officer; else the duty officer. */
    private String officerFor(Group chat, Member sender) {
        String grid = chat.isPrivate() ? sender.homeGrid() : chat.grid();
        if (!chat.isPrivate() && chat.admin() != null) return chat.admin();
        return d.matrix.grid(grid).map(g -> g.officer()).filter(o -> o != null)
                .orElse(d.matrix.station().dutyOfficerOn(d.today()));
    }

    private String newId() {
        String id = d.snap.frauds().newId();
        if (id == null) throw new IllegalStateException("a fraud alert needs a new id");
        return id;
    }

    private void save(FraudAlert before, FraudAlert after) {
        d.actions.add(new Action.SaveFraudAlert(before, after, Weeks.of(after.at(), d.matrix.station().zone())));
    }
}
