package zhijian.dispatch;

import zhijian.matrix.Address;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.message.OutboundMessage;
import zhijian.text.Texts;
import zhijian.ticket.Change;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketMachine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What one decision builds up: its actions, and message ids derived from what caused it. */
abstract class Decision {
    final Rules rules;
    final Plan plan;
    final Snapshot snap;
    final Matrix matrix;
    final Texts texts;
    final TicketMachine machine;
    final List<Action> actions = new ArrayList<>();
    private int sent;

    Decision(Rules rules, Plan plan, Snapshot snap) {
        this.rules = rules;
        this.plan = plan;
        this.snap = snap;
        this.matrix = plan.matrix();
        this.texts = new Texts(matrix, rules.catalog());
        this.machine = new TicketMachine(matrix);
    }

    abstract String cause();

    LocalDate today() {
        return Dispatcher.localNow(matrix, snap.now()).toLocalDate();
    }

    void send(String chat, String text, Member mention, String replyTo, String ticket, OutboundMessage.Kind kind) {
        actions.add(new Action.Send(new OutboundMessage(cause() + "#" + (++sent), chat, text,
                mention == null ? null : mention.id(), mention == null ? null : mention.name(), replyTo, ticket, kind)));
    }

    void notice(String member, String text, String ticket) {
        if (member == null) return;
        send(Group.privateChatId(member), text, null, null, ticket, OutboundMessage.Kind.NOTICE);
    }

    /**
     * An answer to a ticket's resident, where they asked (a group message addresses them by name). Nothing about
     * a tip goes to someone whose identity the channel cannot vouch for (the bridge): returns false then.
     */
    boolean toResident(Ticket t, String text) {
        if (t.confidential() && Address.isUnverified(t.resident())) return false;
        boolean group = !t.chat().startsWith(Group.PRIVATE_PREFIX);
        send(t.chat(), text, group ? Member.resident(t.resident(), t.residentName(), null) : null, null, t.id(),
                OutboundMessage.Kind.REPLY);
        return true;
    }

    void save(Change c) {
        actions.add(new Action.SaveTicket(c));
    }
}
