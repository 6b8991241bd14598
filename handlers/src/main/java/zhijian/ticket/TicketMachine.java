package zhijian.ticket;

import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.message.TimerEvent;
import zhijian.routing.Assignees;
import zhijian.routing.Route;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a ticket's life. Pure: the same ticket, actor and time give the same change.
 * Only the assignee or someone above them in the chain (or the chief) may act on a ticket.
 */
public final class TicketMachine {
    private final Matrix matrix;

    public TicketMachine(Matrix matrix) {
        this.matrix = matrix;
    }

    /** A new ticket: received and at once dispatched to the first of its chain. */
    public Change open(String id, String category, String kind, String grid, String chat, String originMessage,
                       Member resident, String text, boolean confidential, Route route, Instant now, LocalDate today) {
        List<Assignees.Step> chain = Assignees.chain(route, grid, matrix, today);
        Assignees.Step first = chain.get(0);
        Instant signDue = now.plus(route.signWithin());
        Instant finishDue = now.plus(route.finishWithin());
        Ticket t = new Ticket(id, category, kind, grid, chat, originMessage, resident.id(), resident.name(), text,
                confidential, route.key(), chain, 0, first.member(), 1, TicketState.DISPATCHED, route.signWithin(),
                route.finishWithin(), now, signDue, finishDue, null, null, null, null, null, List.of(), 0, 1);
        String bot = matrix.station().botId();
        return new Change(null, t, List.of(
                new TicketEvent(now, EventType.RECEIVED, resident.id(), null, null),
                new TicketEvent(now, EventType.DISPATCHED, bot, first.member(), first.role().label())),
                List.of(signTimer(t), new TimerEvent(TimerEvent.Kind.FINISH, id, 1, finishDue)), List.of());
    }

    /** 接单. Replying or closing also signs when nobody has yet. */
    public Verdict sign(Ticket t, String actor, Instant now) {
        String refusal = mayWork(t, actor);
        if (refusal != null) return Verdict.refused(refusal);
        if (t.state() != TicketState.DISPATCHED) {
            return Verdict.refused("工单 " + t.id() + " 当前状态为「" + t.state().label() + "」，无需再签收。");
        }
        Ticket after = t.with(TicketState.SIGNED, actor, stepOf(t, actor), t.dispatchNo(), t.signDue(), now,
                t.firstResponseAt(), null, null, null, t.missed(), t.escalations());
        return Verdict.done(new Change(t, after, List.of(new TicketEvent(now, EventType.SIGNED, actor, null, null)),
                List.of(), List.of(signTimer(t).key())));
    }

    /** 回复: an answer relayed to the resident. */
    public Verdict reply(Ticket t, String actor, String text, Instant now) {
        String refusal = mayWork(t, actor);
        if (refusal != null) return Verdict.refused(refusal);
        if (!t.state().isOpen()) return Verdict.refused(closedMessage(t));
        List<TicketEvent> events = new ArrayList<>();
        List<String> cancel = new ArrayList<>();
        Instant signedAt = t.signedAt();
        if (t.state() == TicketState.DISPATCHED) {
            events.add(new TicketEvent(now, EventType.SIGNED, actor, null, null));
            cancel.add(signTimer(t).key());
            signedAt = now;
        }
        events.add(new TicketEvent(now, EventType.REPLIED, actor, t.resident(), text));
        Instant first = t.firstResponseAt() == null ? now : t.firstResponseAt();
        Ticket after = t.with(TicketState.IN_PROGRESS, actor, stepOf(t, actor), t.dispatchNo(), t.signDue(),
                signedAt, first, null, null, null, t.missed(), t.escalations());
        return Verdict.done(new Change(t, after, events, List.of(), cancel));
    }

    /** 转派 to another member of staff. */
    public Verdict reassign(Ticket t, String actor, Member to, String reason, Instant now) {
        String refusal = mayWork(t, actor);
        if (refusal != null) return Verdict.refused(refusal);
        if (!t.state().isOpen()) return Verdict.refused(closedMessage(t));
        if (!to.isStaff()) return Verdict.refused(to.name() + " 不是工作人员，不能接收工单。");
        if (t.confidential() && !to.isPolice()) {
            return Verdict.refused("工单 " + t.id() + " 是举报线索，需要保密，只能转给民警。");
        }
        if (to.id().equals(t.assignee())) return Verdict.refused("工单 " + t.id() + " 已经由 " + to.name() + " 负责。");
        return Verdict.done(redispatch(t, actor, to.id(), EventType.REASSIGNED, reason, now));
    }

    /** 退单: not ours. It goes to today's duty officer to dispatch again, or to the chief when the duty officer returns it. */
    public Verdict giveBack(Ticket t, String actor, String reason, Instant now, LocalDate today) {
        String refusal = mayWork(t, actor);
        if (refusal != null) return Verdict.refused(refusal);
        if (!t.state().isOpen()) return Verdict.refused(closedMessage(t));
        String chief = matrix.station().chief();
        String duty = matrix.station().dutyOfficerOn(today);
        String to = actor.equals(duty) || duty == null ? chief : duty;
        if (actor.equals(chief)) {
            return Verdict.refused("所长退单后无人可接，请改派（转派 " + t.id() + " 姓名）或办结并说明原因。");
        }
        return Verdict.done(redispatch(t, actor, to, EventType.RETURNED, reason, now));
    }

    /** 办结 with an outcome; the resident is told and asked for a rating (回访). */
    public Verdict close(Ticket t, String actor, String outcome, Instant now) {
        String refusal = mayWork(t, actor);
        if (refusal != null) return Verdict.refused(refusal);
        if (!t.state().isOpen()) return Verdict.refused(closedMessage(t));
        if (outcome == null || outcome.isBlank()) {
            return Verdict.refused("办结请写明处理结果，例如：办结 " + t.id() + " 已调解，运费当场结清。");
        }
        List<TicketEvent> events = new ArrayList<>();
        Instant signedAt = t.signedAt();
        if (t.state() == TicketState.DISPATCHED) {
            events.add(new TicketEvent(now, EventType.SIGNED, actor, null, null));
            signedAt = now;
        }
        String bot = matrix.station().botId();
        events.add(new TicketEvent(now, EventType.CLOSED, actor, null, outcome));
        events.add(new TicketEvent(now, EventType.FOLLOWED_UP, bot, t.resident(), "请评价 1-5"));
        Instant first = t.firstResponseAt() == null ? now : t.firstResponseAt();
        Ticket after = t.with(TicketState.FOLLOWED_UP, actor, stepOf(t, actor), t.dispatchNo(), t.signDue(), signedAt,
                first, now, outcome, null, t.missed(), t.escalations());
        return Verdict.done(new Change(t, after, events, List.of(),
                List.of(signTimer(t).key(), finishTimer(t).key())));
    }

    /** 评价: the resident's 1–5 after the follow-up. */
    public Verdict rate(Ticket t, String actor, int stars, Instant now) {
        if (!actor.equals(t.resident())) return Verdict.refused("只有反映人可以评价工单 " + t.id() + "。");
        if (t.state() != TicketState.FOLLOWED_UP) return Verdict.refused("工单 " + t.id() + " 现在不需要评价。");
        if (stars < 1 || stars > 5) return Verdict.refused("请回复 1 到 5 之间的数字。");
        Ticket after = t.with(TicketState.RATED, t.assignee(), t.step(), t.dispatchNo(), t.signDue(), t.signedAt(),
                t.firstResponseAt(), t.closedAt(), t.outcome(), stars, t.missed(), t.escalations());
        return Verdict.done(new Change(t, after,
                List.of(new TicketEvent(now, EventType.RATED, actor, null, String.valueOf(stars))), List.of(), List.of()));
    }

    /**
     * The sign deadline of dispatch {@code dispatchNo} passed. Recorded once; the ticket moves one step up the
     * chain (or, at the top, the top is told again). A stale timer (signed, re-dispatched, closed) changes nothing.
     */
    public Verdict signMissed(Ticket t, int dispatchNo, Instant now, LocalDate today) {
        if (t.state() != TicketState.DISPATCHED || t.dispatchNo() != dispatchNo) return Verdict.refused("stale");
        String miss = "sign#" + dispatchNo;
        if (t.missed().contains(miss)) return Verdict.refused("stale");
        List<String> missed = append(t.missed(), miss);
        String bot = matrix.station().botId();
        List<TicketEvent> events = new ArrayList<>();
        events.add(new TicketEvent(now, EventType.SIGN_MISSED, bot, t.assignee(), deadlineNote(t.signWithin())));
        int next = nextStep(t);
        if (next < 0) {
            Ticket after = t.with(t.state(), t.assignee(), t.step(), t.dispatchNo(), t.signDue(), t.signedAt(),
                    t.firstResponseAt(), null, null, null, missed, t.escalations() + 1);
            events.add(new TicketEvent(now, EventType.ESCALATED, bot, t.assignee(), "已到最高一级"));
            return Verdict.done(new Change(t, after, events, List.of(), List.of()));
        }
        Assignees.Step up = t.chain().get(next);
        String upMember = holderOn(up, today);
        Instant signDue = now.plus(t.signWithin());
        Ticket after = t.redispatched(upMember, next, signDue, missed, t.escalations() + 1);
        events.add(new TicketEvent(now, EventType.ESCALATED, bot, upMember, up.role().label()));
        return Verdict.done(new Change(t, after, events, List.of(signTimer(after)), List.of()));
    }

    /** The finish deadline passed: recorded once, and the next one up the chain is told; the assignee keeps it. */
    public Verdict finishMissed(Ticket t, Instant now, LocalDate today) {
        if (!t.state().isOpen() || t.missed().contains("finish")) return Verdict.refused("stale");
        String bot = matrix.station().botId();
        int next = nextStep(t);
        String up = next < 0 ? t.assignee() : holderOn(t.chain().get(next), today);
        Ticket after = t.with(t.state(), t.assignee(), t.step(), t.dispatchNo(), t.signDue(), t.signedAt(),
                t.firstResponseAt(), null, null, null, append(t.missed(), "finish"), t.escalations() + 1);
        return Verdict.done(new Change(t, after, List.of(
                new TicketEvent(now, EventType.FINISH_MISSED, bot, t.assignee(), deadlineNote(t.finishWithin())),
                new TicketEvent(now, EventType.ESCALATED, bot, up, "督办")), List.of(), List.of()));
    }

    /**
     * Null when the actor may work the ticket, else why not: the assignee, anyone on the chain from the current step
     * up (a duty-officer step is held by whoever has the duty-officer role: the rota moves on), or the chief.
     */
    public String mayWork(Ticket t, String actor) {
        Member m = matrix.member(actor).orElse(null);
        if (m == null || !m.isStaff()) return "只有工作人员可以办理工单。";
        if (actor.equals(t.assignee()) || actor.equals(matrix.station().chief())) return null;
        if (stepOf(t, actor, m) >= 0) return null;
        return "工单 " + t.id() + " 由 " + matrix.nameOf(t.assignee()) + " 负责，只有负责人或其上级可以办理。";
    }

    /**
     * Whether the actor may read the ticket: its resident, anyone who is or was on its chain, the assignee, and the
     * police. Village volunteers see only the tickets they handle — a tip never reaches a neighbour. A person of staff
     * deactivated on the roster sees none, not even those they still hold.
     */
    public boolean maySee(Ticket t, String actor) {
        if (actor.equals(t.resident())) return true;
        Member m = matrix.member(actor).orElse(null);
        if (m == null || !m.active()) return false;
        if (actor.equals(t.assignee()) || m.isPolice()) return true;
        return t.chain().stream().anyMatch(s -> s.member().equals(actor));
    }

    /** The step the actor holds in the chain from the current step up, or -1. */
    private int stepOf(Ticket t, String actor, Member m) {
        for (int i = t.step(); i < t.chain().size(); i++) {
            Assignees.Step s = t.chain().get(i);
            if (s.member().equals(actor) || (s.role() == Role.DUTY_OFFICER && m.has(Role.DUTY_OFFICER))) return i;
        }
        return -1;
    }

    private int stepOf(Ticket t, String actor) {
        int i = matrix.member(actor).map(m -> stepOf(t, actor, m)).orElse(-1);
        return i < 0 ? t.step() : i;
    }

    /** Who holds a step today: the duty officer's step goes to today's duty officer. */
    private String holderOn(Assignees.Step step, LocalDate today) {
        if (step.role() == Role.DUTY_OFFICER) {
            return Assignees.resolve(Role.DUTY_OFFICER, null, matrix, today).orElse(step.member());
        }
        return step.member();
    }

    /** Where on the chain a (re)dispatched ticket stands: the new holder's step, else the step of who sent it. */
    private int stepFor(Ticket t, String to, String actor) {
        for (int i = 0; i < t.chain().size(); i++) if (t.chain().get(i).member().equals(to)) return i;
        Member m = matrix.member(to).orElse(null);
        if (m != null && m.has(Role.DUTY_OFFICER)) {
            for (int i = 0; i < t.chain().size(); i++) if (t.chain().get(i).role() == Role.DUTY_OFFICER) return i;
        }
        return Math.max(t.step(), stepOf(t, actor));
    }

    private static int nextStep(Ticket t) {
        for (int i = t.step() + 1; i < t.chain().size(); i++) {
            if (!t.chain().get(i).member().equals(t.assignee())) return i;
        }
        return -1;
    }

    private Change redispatch(Ticket t, String actor, String to, EventType type, String reason, Instant now) {
        Instant signDue = now.plus(t.signWithin());
        Ticket after = t.redispatched(to, stepFor(t, to, actor), signDue, t.missed(), t.escalations());
        return new Change(t, after, List.of(new TicketEvent(now, type, actor, to, reason)),
                List.of(signTimer(after)), List.of(signTimer(t).key()));
    }

    private static TimerEvent signTimer(Ticket t) {
        return new TimerEvent(TimerEvent.Kind.SIGN, t.id(), t.dispatchNo(), t.signDue());
    }

    private static TimerEvent finishTimer(Ticket t) {
        return new TimerEvent(TimerEvent.Kind.FINISH, t.id(), 1, t.finishDue());
    }

    private static String closedMessage(Ticket t) {
        return "工单 " + t.id() + " 已办结。";
    }

    private static String deadlineNote(java.time.Duration d) {
        return "时限 " + zhijian.text.Durations.chinese(d);
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

}
