package zhijian.dispatch;

import zhijian.appointment.Appointment;
import zhijian.appointment.AppointmentBook;
import zhijian.appointment.AppointmentPlan;
import zhijian.appointment.Slot;
import zhijian.appointment.When;
import zhijian.appointment.WhenParser;
import zhijian.faq.FaqEntry;
import zhijian.fraud.FraudDetector;
import zhijian.fraud.FraudLists;
import zhijian.fraud.FraudModel;
import zhijian.fraud.FraudVerdict;
import zhijian.intent.Classification;
import zhijian.intent.Intent;
import zhijian.intent.Lexicon;
import zhijian.matrix.Address;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.matrix.Tier;
import zhijian.message.InboundMessage;
import zhijian.message.OutboundMessage;
import zhijian.message.SystemEvent;
import zhijian.message.TimerEvent;
import zhijian.routing.Route;
import zhijian.text.Texts;
import zhijian.ticket.Change;
import zhijian.ticket.EventType;
import zhijian.ticket.Ticket;
import zhijian.ticket.TicketEvent;
import zhijian.ticket.TicketState;
import zhijian.ticket.Verdict;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one inbound message (or one deadline) into the actions that answer it. Pure: it reads only the matrix,
 * the rules and the {@link Snapshot} the gateway loaded for it, and returns values.
 *
 * <p>In two halves: {@link #plan} reads the message and says what state it needs; {@link #decide} decides.
 */
public final class Dispatcher {
    private final Rules rules;
    /** The detector of the seeds alone, for callers without a deployment's block and allow lists (tests, tools). */
    private final FraudModel seedFraud;

    public Dispatcher(Rules rules) {
        this.rules = rules;
        this.seedFraud = new FraudModel(new FraudDetector(rules.fraud()), FraudLists.EMPTY);
    }

    public Rules rules() { return rules; }

    // ------------------------------------------------------------------ planning

    /**
     * @param chat    the chat it was said in (from the matrix, or a known resident's private chat)
     * @param contact the sender as remembered from an earlier message, or null
     */
    public Plan plan(Matrix matrix, Group chat, InboundMessage msg, Member contact) {
        return plan(matrix, chat, msg, contact, seedFraud);
    }

    /**
     * @param fraud the deployment's fraud detector with its block and allow lists
     */
    public Plan plan(Matrix matrix, Group chat, InboundMessage msg, Member contact, FraudModel fraud) {
        Member known = matrix.member(msg.from()).orElse(contact);
        boolean newSender = known == null;
        Member sender = known != null ? known
                : Member.resident(msg.from(), nameOr(msg.fromName(), msg.from()), chat.isPrivate() ? null : chat.grid(),
                msg.senderAddress());

        if (msg.from().equals(matrix.station().botId())) {
            return ignored(matrix, chat, msg, sender, "own message");
        }
        boolean addressedChat = chat.isPrivate() || msg.mentioned();
        if (msg.kind() == InboundMessage.Kind.EVENT) {
            // someone opened the bot's chat for the first time: greet them with what it can do
            if ("enter_agent".equals(msg.text()) && newSender) {
                return new Plan(matrix, msg, null, null, chat, sender, true, Command.of(Command.Type.HELP, null, null, null),
                        null, Needs.NOTHING, null);
            }
            return ignored(matrix, chat, msg, sender, "event " + msg.text(), newSender);
        }
        if (msg.kind() != InboundMessage.Kind.TEXT) {
            // a picture, voice note, file or location: added to the sender's fresh open ticket, if they have one
            if (!addressedChat) return ignored(matrix, chat, msg, sender, "media in a group", newSender);
            return new Plan(matrix, msg, null, null, chat, sender, newSender, Command.NONE, null,
                    new Needs(Set.of(), true, false, Set.of(), false, List.of(), false, false), null);
        }
        Command cmd = CommandParser.parse(msg.text());
        boolean police = sender.isPolice();
        if (cmd.aboutFraud()) {
            // 这是诈骗吗 is meant for the bot wherever it is asked; a verdict in a tier-2 group from anyone but police is talk
            if (cmd.type() != Command.Type.CHECK_FRAUD && !police && !chat.isPrivate() && !msg.mentioned()) {
                return ignored(matrix, chat, msg, sender, "small talk", newSender);
            }
            boolean check = cmd.type() == Command.Type.CHECK_FRAUD;
            return new Plan(matrix, msg, null, null, chat, sender, newSender, cmd, null,
                    Needs.fraud(check ? Set.of() : Set.of(cmd.id()), check),
                    null, check ? fraud.check(cmd.text(), null) : null);
        }
        if (cmd.type() == Command.Type.NONE && chat.tier() == Tier.LANDING && !sender.isStaff()) {
            // every resident's message in a tier-2 group is read for scams first: a scam is answered at once
            FraudVerdict v = fraud.check(msg.text(), sender.id());
            if (FraudScreen.warns(v, msg.text(), rules.classifier())) {
                return new Plan(matrix, msg, null, null, chat, sender, newSender, cmd, null, Needs.fraud(Set.of(), true),
                        null, v);
            }
        }
        if (cmd.type() == Command.Type.FOUND && !police) cmd = Command.NONE;   // a family's 已找到 is just words
        Classification cls = cmd.type() == Command.Type.NONE ? rules.classifier().classify(msg.text()) : null;
        // Police speak in groups to inform, not to ask; village volunteers (网格员, 户长, 调解员) live there too and
        // are heard like any resident.
        boolean addressed = chat.isPrivate() || msg.mentioned();
        // Staff's 收到 in a tier-2 group an open broadcast may have reached (with the ledgers: it counts where the
        // broadcast arrived); a resident's sighting there or in private
        boolean ack = cmd.type() == Command.Type.NONE && chat.tier() == Tier.LANDING && sender.isStaff()
                && rules.broadcasts().isAck(msg.text());
        boolean aboutBroadcast = ack || (cmd.type() == Command.Type.NONE && (chat.tier() == Tier.LANDING || chat.isPrivate())
                && !police && rules.broadcasts().looksLikeSighting(msg.text()));

        if (cmd.aboutBroadcast()) {
            // 发布【…】 and the commands after it are meant for the bot wherever police type them; in a tier-2 group
            // anyone else's (and a bare 已找到) without an @ is talk
            if (!addressed && chat.tier() == Tier.LANDING && (!police || (cmd.type() == Command.Type.FOUND && cmd.id() == null))) {
                return ignored(matrix, chat, msg, sender, "small talk", newSender);
            }
            Needs needs = switch (cmd.type()) {
                case PUBLISH -> Needs.broadcasts(Set.of(), false, false, true);
                case BROADCAST_PROGRESS, ACK_BROADCAST -> Needs.broadcasts(Set.of(cmd.id()), true, false, false);
                case FOUND -> Needs.broadcasts(cmd.id() == null ? Set.of() : Set.of(cmd.id()), true, cmd.id() == null, false);
                default -> Needs.broadcasts(Set.of(cmd.id()), false, false, false);
            };
            return new Plan(matrix, msg, null, null, chat, sender, newSender, cmd, null, needs, null);
        }
        if (cmd.type() == Command.Type.NONE) {
            // In groups the bot speaks only when asked: @-mentioned, or a resident's message that is clearly a request.
            if (!addressed && (police || chat.tier() == Tier.PUBLISHING || !cls.clear())) {
                String why = police ? "staff talk" : "small talk";
                if (aboutBroadcast) {
                    return new Plan(matrix, msg, null, null, chat, sender, newSender, cmd, cls,
                            Needs.NOTHING.withOpenBroadcasts(ack), why);
                }
                return ignored(matrix, chat, msg, sender, why, newSender);
            }
        } else if (!addressed && cmd.id() == null && cmd.type() != Command.Type.RATE) {
            // 帮助, 工单, 我的预约 … said in a group without an @ are just words in a conversation
            return ignored(matrix, chat, msg, sender, "small talk", newSender);
        } else if (cmd.type() == Command.Type.RATE && !addressed && police) {
            return ignored(matrix, chat, msg, sender, "staff talk", newSender);
        }

        Set<String> tickets = new LinkedHashSet<>();
        Set<String> appts = new LinkedHashSet<>();
        boolean senderTickets = false, assigneeTickets = false, senderAppts = false, newTicket = false, newAppt = false;
        List<Slot> slots = List.of();
        switch (cmd.type()) {
            case SIGN, REPLY, REASSIGN, RETURN, CLOSE, STATUS, SUPPLEMENT -> tickets.add(cmd.id());
            case RATE -> senderTickets = true;
            case MY_QUEUE -> assigneeTickets = true;
            case MY_APPOINTMENTS -> senderAppts = true;
            case CANCEL_APPOINTMENT -> {
                senderAppts = true;
                if (cmd.id() != null) appts.add(cmd.id());
            }
            case HELP, CONSOLE -> { }
            case NONE -> {
                switch (cls.intent()) {
                    case EMERGENCY, REPORT, DISPUTE, HAZARD -> newTicket = true;
                    case CONSULT -> newTicket = rules.faq().answer(msg.text()).isEmpty();
                    case STATUS -> senderTickets = true;
                    case APPOINTMENT -> {
                        senderAppts = true;
                        Optional<AppointmentPlan.Service> service = rules.appointments().service(msg.text());
                        if (service.isPresent()) {
                            newAppt = true;
                            slots = candidateSlots(service.get(), msg.text(), localNow(matrix, msg.at()));
                        }
                    }
                    default -> { }
                }
            }
        }
        Needs needs = new Needs(Set.copyOf(tickets), senderTickets, assigneeTickets, Set.copyOf(appts), senderAppts,
                slots, newTicket, newAppt);
        if (aboutBroadcast) needs = needs.withOpenBroadcasts(ack);
        if (cmd.type() == Command.Type.CONSOLE && chat.isPrivate() && sender.isStaff()) needs = Needs.CONSOLE_CODE;
        return new Plan(matrix, msg, null, null, chat, sender, newSender, cmd, cls, needs, null);
    }

    /** A deadline came due: it needs its ticket, appointment or broadcast. */
    public Plan plan(Matrix matrix, TimerEvent timer) {
        switch (timer.kind()) {
            case ACK_CHECK, WIDEN, EXPIRE, PURGE -> {
                Needs needs = Needs.broadcasts(Set.of(timer.subject()), timer.kind() == TimerEvent.Kind.ACK_CHECK, false, false);
                return new Plan(matrix, null, timer, null, null, null, false, Command.NONE, null, needs, null);
            }
            default -> { }
        }
        boolean appt = timer.kind() == TimerEvent.Kind.REMIND;
        Needs needs = new Needs(appt ? Set.of() : Set.of(timer.subject()), false, false,
                appt ? Set.of(timer.subject()) : Set.of(), false, List.of(), false, false);
        return new Plan(matrix, null, timer, null, null, null, false, Command.NONE, null, needs, null);
    }

    /** Something the gateway noticed (a failed delivery, a channel down): staff are told; nothing to load. */
    public Plan plan(Matrix matrix, SystemEvent event) {
        Needs needs = event.kind() == SystemEvent.Kind.BROADCAST_DONE
                ? Needs.broadcasts(Set.of(event.subject()), true, false, false) : Needs.NOTHING;
        return new Plan(matrix, null, null, event, null, null, false, Command.NONE, null, needs, null);
    }

    private Plan ignored(Matrix matrix, Group chat, InboundMessage msg, Member sender, String why) {
        return ignored(matrix, chat, msg, sender, why, false);
    }

    private Plan ignored(Matrix matrix, Group chat, InboundMessage msg, Member sender, String why, boolean newSender) {
        return new Plan(matrix, msg, null, null, chat, sender, newSender, Command.NONE, null, Needs.NOTHING, why);
    }

    /** The requested slots first, then the rest of that day, then every slot over the horizon, as alternatives. */
    private List<Slot> candidateSlots(AppointmentPlan.Service service, String text, LocalDateTime now) {
        AppointmentBook book = rules.appointments();
        When when = WhenParser.parse(text, now.toLocalDate());
        Set<Slot> out = new LinkedHashSet<>(book.candidates(service, when, now));
        out.addAll(book.alternatives(service, when, now));
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ deciding

    public List<Action> decide(Plan plan, Snapshot snap) {
        if (plan.timer() != null) return new TimerDecision(plan, snap).decide();
        if (plan.event() != null) return new EventDecision(plan, snap).decide();
        return new MessageDecision(plan, snap).decide();
    }

    private static String nameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name.strip();
    }

    static LocalDateTime localNow(Matrix matrix, Instant now) {
        return LocalDateTime.ofInstant(now, matrix.station().zone());
    }

    // ------------------------------------------------------------------ messages

    private final class MessageDecision extends Decision {
        final InboundMessage msg;
        final Group chat;
        final Member sender;

        MessageDecision(Plan plan, Snapshot snap) {
            super(Dispatcher.this.rules, plan, snap);
            this.msg = plan.message();
            this.chat = plan.chat();
            this.sender = plan.sender();
        }

        @Override
        String cause() { return msg.id(); }

        List<Action> decide() {
            if (plan.newSender() && !sender.id().equals(matrix.station().botId())) {
                actions.add(new Action.RememberResident(sender));
            }
            if (plan.command().aboutFraud()) {
                new FraudDesk(this).command(plan.command(), msg, chat, sender, plan.fraud(), this::reply);
                return actions;
            }
            if (plan.fraud() != null && plan.fraud().flagged()) {
                new FraudDesk(this).alert(msg, chat, sender, plan.fraud());
                return actions;
            }
            if (plan.needs().openBroadcasts() && plan.command().type() == Command.Type.NONE
                    && new BroadcastDesk(this).heard(msg, chat, sender, plan.classification(), this::reply)) {
                return actions;
            }
            if (plan.ignore() != null) {
                actions.add(new Action.Ignore(plan.ignore()));
                return actions;
            }
            if (plan.command().aboutBroadcast()) {
                new BroadcastDesk(this).command(plan.command(), sender, chat, this::reply);
                return actions;
            }
            if (msg.kind() != InboundMessage.Kind.TEXT && msg.kind() != InboundMessage.Kind.EVENT) {
                media();
                return actions;
            }
            Command cmd = plan.command();
            if (cmd.type().staffOnly() && !sender.isStaff()) {
                reply("只有工作人员可以办理工单。如需反映情况，请直接说明；查询进度请回复「查询 工单号」。");
                return actions;
            }
            switch (cmd.type()) {
                case SIGN -> withTicket(cmd, t -> machine.sign(t, sender.id(), snap.now()), this::afterSign);
                case REPLY -> withTicket(cmd, t -> machine.reply(t, sender.id(), cmd.text(), snap.now()),
                        c -> afterReply(c, cmd.text()));
                case REASSIGN -> reassign(cmd);
                case RETURN -> withTicket(cmd, t -> machine.giveBack(t, sender.id(), cmd.text(), snap.now(), today()),
                        c -> afterReturn(c, cmd.text()));
                case CLOSE -> withTicket(cmd, t -> machine.close(t, sender.id(), cmd.text(), snap.now()), this::afterClose);
                case MY_QUEUE -> replyPrivatelyToStaff(texts.queue(snap.assigneeTickets()));
                case CONSOLE -> consoleCode();
                case STATUS -> statusOf(cmd.id());
                case SUPPLEMENT -> supplement(cmd);
                case RATE -> rate(cmd.stars());
                case MY_APPOINTMENTS -> reply(texts.appointmentList(upcoming(), rules.appointments().plan()));
                case CANCEL_APPOINTMENT -> cancelAppointment(cmd.id());
                case HELP -> reply(!sender.isStaff() ? texts.help() : texts.help() + "\n\n" + texts.staffHelp()
                        + (rules.broadcasts().mayPublish(sender) ? "\n\n" + new BroadcastDesk(this).texts().help() : ""));
                case PUBLISH, CONFIRM_BROADCAST, CANCEL_BROADCAST, UPDATE_BROADCAST, BROADCAST_PROGRESS, FOUND, ACK_BROADCAST,
                     CHECK_FRAUD, CONFIRM_FRAUD, FALSE_ALARM -> throw new IllegalStateException("decided above");
                case NONE -> byIntent(plan.classification());
            }
            return actions;
        }

        void reply(String text) {
            boolean group = !chat.isPrivate();
            send(chat.id(), text, group ? sender : null, msg.id(), null, OutboundMessage.Kind.REPLY);
        }

        void replyAbout(String text, String ticket) {
            boolean group = !chat.isPrivate();
            send(chat.id(), text, group ? sender : null, msg.id(), ticket, OutboundMessage.Kind.REPLY);
        }

        /**
         * An acknowledgement to the staff member who worked a ticket. About a tip, it never goes into a group: the
         * staff member hears it in private (what they typed in the group is theirs; the bot adds nothing to it).
         */
        void ackStaff(String text, Ticket t) {
            if (t.confidential() && !chat.isPrivate()) {
                send(Group.privateChatId(sender.id()), text, null, msg.id(), t.id(), OutboundMessage.Kind.REPLY);
            } else {
                replyAbout(text, t.id());
            }
        }

        /** A staff member's own list: in a group it is sent to them in private, and the group hears only that. */
        void replyPrivatelyToStaff(String text) {
            if (chat.isPrivate()) {
                reply(text);
            } else {
                send(Group.privateChatId(sender.id()), text, null, msg.id(), null, OutboundMessage.Kind.REPLY);
                reply("已私信发给您。");
            }
        }

        // ---- staff commands

        /** A one-time code to set a console password: only in private, where the channel vouches for the person. */
        void consoleCode() {
            Snapshot.ConsoleCode c = snap.consoleCode();
            if (!chat.isPrivate() || c == null) {
                reply(texts.consoleCodeOnlyInPrivate());
                return;
            }
            actions.add(new Action.IssueConsoleCode(sender.id(), zhijian.console.ConsoleCodes.hash(c.code()),
                    snap.now().plus(zhijian.console.ConsoleCodes.VALID_FOR)));
            reply(texts.consoleCode(sender, c.code(), c.consoleUrl(), zhijian.console.ConsoleCodes.VALID_FOR));
        }

        void withTicket(Command cmd, java.util.function.Function<Ticket, Verdict> step,
                        java.util.function.Consumer<Change> after) {
            Ticket t = snap.tickets().get(cmd.id());
            if (t == null) {
                reply(Texts.noSuchTicket(cmd.id()));
                return;
            }
            Verdict v = step.apply(t);
            if (v instanceof Verdict.Refused r) {
                ackStaff(r.reason(), t);
                return;
            }
            Change c = ((Verdict.Done) v).change();
            save(c);
            after.accept(c);
        }

        void afterSign(Change c) {
            Ticket t = c.after();
            ackStaff(texts.staffAck("已签收", t), t);
            if (t.chat().startsWith(Group.PRIVATE_PREFIX) || "emergency".equals(t.category())) {
                toResident(t, texts.signedToResident(t, sender.id()));
            }
        }

        void afterReply(Change c, String text) {
            Ticket t = c.after();
            if (toResident(t, texts.staffReplyToResident(t, sender.id(), text))) {
                ackStaff("已转达给" + t.residentName() + "：工单 " + t.id() + "。办完请回复「办结 " + t.id() + " 处理结果」。", t);
            } else {
                ackStaff(texts.unverifiedTipster(t), t);
            }
        }

        void reassign(Command cmd) {
            Optional<Member> to = findStaff(cmd.target());
            if (to.isEmpty()) {
                reply("没有找到工作人员「" + cmd.target() + "」，请写姓名或编号，例如：转派 " + cmd.id() + " 扎西");
                return;
            }
            withTicket(cmd, t -> machine.reassign(t, sender.id(), to.get(), cmd.text(), snap.now()), c -> {
                Ticket t = c.after();
                notice(t.assignee(), texts.reassignedNotice(t, sender.id(), cmd.text()), t.id());
                ackStaff(texts.staffAck("已改派", t), t);
            });
        }

        Optional<Member> findStaff(String who) {
            Optional<Member> byId = matrix.member(who).filter(Member::isStaff);
            if (byId.isPresent()) return byId;
            return matrix.members().stream().filter(m -> m.isStaff() && m.name().equals(who)).findFirst();
        }

        void afterReturn(Change c, String reason) {
            Ticket t = c.after();
            notice(t.assignee(), texts.returnedNotice(t, sender.id(), reason), t.id());
            ackStaff(texts.staffAck("已退单", t), t);
        }

        void afterClose(Change c) {
            Ticket t = c.after();
            toResident(t, texts.closedToResident(t));
            ackStaff(texts.staffAck("已办结", t), t);
        }

        // ---- resident commands

        void statusOf(String id) {
            Ticket t = snap.tickets().get(id);
            if (t == null) {
                reply(Texts.noSuchTicket(id));
                return;
            }
            if (!machine.maySee(t, sender.id())) {
                reply(Texts.notYourTicket(id));
                return;
            }
            if (t.confidential() && Address.isUnverified(sender.id())) {
                reply(texts.tipNotOverBridge());
                return;
            }
            answerPrivatelyIfConfidential(List.of(t), texts.status(t));
        }

        void statusOfMine() {
            List<Ticket> mine = snap.senderTickets();
            if (Address.isUnverified(sender.id())) mine = mine.stream().filter(t -> !t.confidential()).toList();
            String text = mine.size() == 1 ? texts.status(mine.get(0)) : texts.statusList(mine);
            answerPrivatelyIfConfidential(mine, text);
        }

        /** A status that touches a tip is told in private; the group only hears that it was. */
        void answerPrivatelyIfConfidential(List<Ticket> about, String text) {
            boolean confidential = about.stream().anyMatch(Ticket::confidential);
            if (confidential && !chat.isPrivate()) {
                send(Group.privateChatId(sender.id()), text, null, msg.id(), null, OutboundMessage.Kind.REPLY);
                reply(texts.statusSentPrivately());
            } else {
                replyAbout(text, about.size() == 1 ? about.get(0).id() : null);
            }
        }

        void supplement(Command cmd) {
            Ticket t = snap.tickets().get(cmd.id());
            if (t == null) {
                reply(Texts.noSuchTicket(cmd.id()));
                return;
            }
            if (!t.resident().equals(sender.id())) {
                reply(Texts.notYourTicket(cmd.id()));
                return;
            }
            if (t.confidential() && Address.isUnverified(sender.id())) {
                reply(texts.tipNotOverBridge());
                return;
            }
            Ticket after = t.supplemented(cmd.text());
            save(new Change(t, after, List.of(new TicketEvent(snap.now(), EventType.SUPPLEMENTED, sender.id(), null,
                    cmd.text())), List.of(), List.of()));
            notice(t.assignee(), texts.supplementNotice(t, cmd.text()), t.id());
            if (t.confidential() && !chat.isPrivate()) {
                send(Group.privateChatId(sender.id()), "已收到您对工单 " + t.id() + " 的补充，已转给负责人。", null,
                        msg.id(), t.id(), OutboundMessage.Kind.REPLY);
                reply(texts.tipGroupAck());
            } else {
                replyAbout("已收到您对工单 " + t.id() + " 的补充，已转给负责人。", t.id());
            }
        }

        void rate(int stars) {
            Optional<Ticket> waiting = snap.senderTickets().stream()
                    .filter(t -> t.state() == TicketState.FOLLOWED_UP)
                    .filter(t -> t.chat().equals(chat.id()) || chat.isPrivate())
                    .max(Comparator.comparing(Ticket::closedAt));
            if (waiting.isEmpty()) {
                // a bare number with nothing to rate is just chat in a group
                if (chat.isPrivate()) reply(texts.tooLongAgo());
                else actions.add(new Action.Ignore("number without a rating due"));
                return;
            }
            Ticket t = waiting.get();
            Verdict v = machine.rate(t, sender.id(), stars, snap.now());
            if (v instanceof Verdict.Refused r) {
                reply(r.reason());
                return;
            }
            save(((Verdict.Done) v).change());
            replyAbout(texts.thanksForRating(t, stars), t.id());
            if (stars <= 2) notice(matrix.station().chief(), texts.lowRatingNotice(t, stars), t.id());
        }

        List<Appointment> upcoming() {
            LocalDate today = today();
            return snap.senderAppointments().stream()
                    .filter(a -> a.state() == Appointment.State.BOOKED && !a.date().isBefore(today))
                    .sorted(Comparator.comparing(Appointment::date).thenComparing(Appointment::time))
                    .toList();
        }

        void cancelAppointment(String id) {
            AppointmentPlan ap = rules.appointments().plan();
            List<Appointment> mine = upcoming();
            Appointment a;
            if (id != null) {
                a = mine.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            } else if (mine.size() == 1) {
                a = mine.get(0);
            } else if (mine.size() > 1) {
                reply(texts.whichToCancel(mine, ap));
                return;
            } else {
                a = null;
            }
            if (a == null) {
                reply(Texts.noSuchAppointment(id));
                return;
            }
            actions.add(new Action.SaveAppointment(a, a.cancelled(), ap.capacity(), List.of(),
                    List.of(reminderOf(a).key())));
            reply(texts.cancelled(a, ap));
        }

        /** A picture, voice note, file or location goes onto the sender's open ticket of the last day, if any. */
        void media() {
            String what = switch (msg.kind()) {
                case IMAGE -> "图片";
                case VOICE -> "语音";
                case FILE -> "文件";
                default -> "位置";
            };
            Instant dayAgo = snap.now().minus(java.time.Duration.ofDays(1));
            Optional<Ticket> open = snap.senderTickets().stream()
                    .filter(t -> t.state().isOpen() && t.createdAt().isAfter(dayAgo))
                    .max(Comparator.comparing(Ticket::createdAt));
            if (open.isEmpty()) {
                reply("收到您发来的" + what + "。请再用文字说一下发生了什么、在哪里，我们好转给对的人。");
                return;
            }
            Ticket t = open.get();
            String note = "【" + what + "】" + (msg.attachment() == null ? "" : msg.attachment());
            save(new Change(t, t.supplemented(note), List.of(new TicketEvent(snap.now(), EventType.SUPPLEMENTED,
                    sender.id(), null, note)), List.of(), List.of()));
            notice(t.assignee(), texts.supplementNotice(t, note), t.id());
            send(chat.isPrivate() ? chat.id() : Group.privateChatId(sender.id()),
                    "已把您发来的" + what + "补充到工单 " + t.id() + "，已转给负责人。", null, msg.id(), t.id(),
                    OutboundMessage.Kind.REPLY);
        }

        // ---- what people ask

        void byIntent(Classification cls) {
            switch (cls.intent()) {
                case EMERGENCY -> emergency(cls);
                case REPORT -> tip(cls);
                case DISPUTE -> openTicket("dispute", null, false, "矛盾纠纷");
                case HAZARD -> openTicket("hazard", null, false, "安全隐患");
                case CONSULT -> consult();
                case APPOINTMENT -> book();
                case STATUS -> statusOfMine();
                case HELP -> reply(texts.help());
                case OTHER -> {
                    if (chat.isPrivate() || msg.mentioned()) reply(texts.notUnderstood());
                    else actions.add(new Action.Ignore("small talk"));
                }
            }
        }

        String grid() {
            return chat.isPrivate() ? sender.homeGrid() : chat.grid();
        }

        Route route(String category) {
            return rules.routes().route(grid(), category)
                    .orElseThrow(() -> new IllegalStateException("no route for category " + category));
        }

        Change open(String category, String kind, boolean confidential, String chatOfRecord) {
            Change c = machine.open(snap.newTicketId(), category, kind, grid(), chatOfRecord, msg.id(), sender,
                    msg.text(), confidential, route(category), snap.now(), today());
            save(c);
            return c;
        }

        /** People told besides the assignee: the route's notify roles, resolved in this grid, without repeats. */
        List<String> copies(Ticket t, String category) {
            List<String> out = new ArrayList<>();
            for (Role role : route(category).cc()) {
                zhijian.routing.Assignees.resolve(role, t.grid(), matrix, today()).ifPresent(m -> {
                    if (!m.equals(t.assignee()) && !out.contains(m)) out.add(m);
                });
            }
            return out;
        }

        void openTicket(String category, String kind, boolean confidential, String label) {
            Ticket t = open(category, kind, confidential, chat.id()).after();
            List<String> cc = copies(t, category);
            replyAbout(texts.ticketReceived(t, cc), t.id());
            notice(t.assignee(), texts.newTicketNotice(t, label), t.id());
            for (String m : cc) notice(m, texts.ccNotice(t), t.id());
        }

        void emergency(Classification cls) {
            Lexicon.Kind kind = rules.classifier().lexicon().kinds().getOrDefault(Intent.EMERGENCY, List.of()).stream()
                    .filter(k -> k.id().equals(cls.kind())).findFirst().orElse(null);
            String advice = kind != null ? kind.advice() : "请立即拨打110报警！";
            String label = "紧急求助" + (kind != null ? "·" + kind.name() : "");
            Ticket t = open("emergency", cls.kind(), false, chat.id()).after();
            replyAbout(texts.emergencyReply(t, advice), t.id());
            notice(t.assignee(), texts.newTicketNotice(t, label), t.id());
            for (String m : copies(t, "emergency")) notice(m, texts.newTicketNotice(t, label + "·抄送"), t.id());
        }

        /** A tip never goes back into a group: the group gets a neutral word, the rest happens in private. */
        void tip(Classification cls) {
            String category = "clue".equals(cls.kind()) ? "clue" : "report";
            Ticket t = open(category, cls.kind(), true, Group.privateChatId(sender.id())).after();
            String label = "clue".equals(category) ? "线索提供" : "违法犯罪举报";
            if (Address.isUnverified(sender.id())) {
                // a WeChat nickname proves nothing: say nothing about the tip in private to whoever holds it
                reply(texts.tipAckUnverified());
                notice(t.assignee(), texts.newTicketNotice(t, label) + texts.unverifiedNote(), t.id());
            } else {
                if (!chat.isPrivate()) reply(texts.tipGroupAck());
                send(Group.privateChatId(sender.id()), texts.tipPrivateAck(t), null, msg.id(), t.id(),
                        OutboundMessage.Kind.REPLY);
                notice(t.assignee(), texts.newTicketNotice(t, label), t.id());
            }
            for (String m : copies(t, category)) notice(m, texts.ccNotice(t), t.id());
        }

        void consult() {
            Optional<FaqEntry> answer = rules.faq().answer(msg.text());
            if (answer.isPresent()) {
                reply(texts.faqAnswer(msg.text(), answer.get().answer()));
            } else {
                openTicket("consult", null, false, "业务咨询");
            }
        }

        void book() {
            AppointmentBook book = rules.appointments();
            AppointmentPlan ap = book.plan();
            Optional<AppointmentPlan.Service> service = book.service(msg.text());
            if (service.isEmpty()) {
                reply(texts.whichService(ap));
                return;
            }
            // read the request against the time it was said, as the plan did (the slot counts loaded are for those days)
            LocalDateTime now = localNow(matrix, msg.at());
            Optional<Appointment> same = upcoming().stream()
                    .filter(a -> a.service().equals(service.get().id())).findFirst();
            if (same.isPresent()) {
                reply(texts.alreadyBooked(same.get(), ap));
                return;
            }
            When when = WhenParser.parse(msg.text(), now.toLocalDate());
            List<Slot> wanted = book.candidates(service.get(), when, now);
            Optional<Slot> slot = book.firstFree(wanted, snap.slotCounts());
            if (slot.isEmpty()) {
                Slot alternative = book.firstFree(book.alternatives(service.get(), when, now), snap.slotCounts())
                        .orElse(null);
                reply(texts.noSlot(wanted.isEmpty() ? book.whyNone(when, now) : null, alternative, service.get()));
                return;
            }
            Slot s = slot.get();
            Appointment a = new Appointment(snap.newAppointmentId(), service.get().id(), s.window(), s.date(), s.time(),
                    sender.id(), sender.name(), chat.id(), Appointment.State.BOOKED, snap.now(), 1);
            TimerEvent remind = reminderOf(a);
            List<TimerEvent> schedule = remind.due().isAfter(snap.now()) ? List.of(remind) : List.of();
            actions.add(new Action.SaveAppointment(null, a, ap.capacity(), schedule, List.of()));
            reply(texts.booked(a, ap));
        }

        TimerEvent reminderOf(Appointment a) {
            Instant start = LocalDateTime.of(a.date(), a.time()).atZone(matrix.station().zone()).toInstant();
            return new TimerEvent(TimerEvent.Kind.REMIND, a.id(), 1,
                    start.minus(rules.appointments().plan().remindBefore()));
        }
    }

    // ------------------------------------------------------------------ the gateway's own events

    private final class EventDecision extends Decision {
        final SystemEvent event;

        EventDecision(Plan plan, Snapshot snap) {
            super(Dispatcher.this.rules, plan, snap);
            this.event = plan.event();
        }

        @Override
        String cause() {
            // the ids of the notices it sends: one event's, never another's (a shared id would share a ledger line)
            return "sys:" + event.kind() + ":" + event.subject() + ":" + event.at().toEpochMilli()
                    + (event.ref().isEmpty() ? "" : ":" + event.ref());
        }

        List<Action> decide() {
            String duty = matrix.station().dutyOfficerOn(today());
            String chief = matrix.station().chief();
            switch (event.kind()) {
                case DELIVERY_FAILED -> {
                    // the duty officer hears of it, unless it was the duty officer who could not be reached
                    String to = event.subject().equals(Group.privateChatId(duty)) ? chief : duty;
                    alert(to, texts.deliveryFailed(event.subject(), event.subjectName(), event.detail()));
                }
                case CHANNEL_DOWN -> {
                    String text = texts.channelDown(event.subject(), event.detail());
                    alert(chief, text);
                    if (!duty.equals(chief)) alert(duty, text);
                }
                case CHANNEL_UP -> {
                    String text = texts.channelUp(event.subject());
                    alert(chief, text);
                    if (!duty.equals(chief)) alert(duty, text);
                }
                case BROADCAST_DONE -> new BroadcastDesk(this).done(event);
            }
            return actions;
        }

        void alert(String member, String text) {
            send(Group.privateChatId(member), text, null, null, null, OutboundMessage.Kind.ALERT);
        }
    }

    // ------------------------------------------------------------------ deadlines

    private final class TimerDecision extends Decision {
        final TimerEvent timer;

        TimerDecision(Plan plan, Snapshot snap) {
            super(Dispatcher.this.rules, plan, snap);
            this.timer = plan.timer();
        }

        @Override
        String cause() { return "timer:" + timer.key(); }

        List<Action> decide() {
            switch (timer.kind()) {
                case SIGN -> ticket(t -> machine.signMissed(t, timer.generation(), snap.now(), today()), this::afterSignMissed);
                case FINISH -> ticket(t -> machine.finishMissed(t, snap.now(), today()), this::afterFinishMissed);
                case REMIND -> remind();
                case ACK_CHECK, WIDEN, EXPIRE, PURGE -> new BroadcastDesk(this).timer(timer);
            }
            return actions;
        }

        void ticket(java.util.function.Function<Ticket, Verdict> step, java.util.function.Consumer<Change> after) {
            Ticket t = snap.tickets().get(timer.subject());
            if (t == null) {
                actions.add(new Action.Ignore("timer for a ticket that is gone"));
                return;
            }
            Verdict v = step.apply(t);
            if (v instanceof Verdict.Refused) {
                actions.add(new Action.Ignore("stale timer"));
                return;
            }
            Change c = ((Verdict.Done) v).change();
            save(c);
            after.accept(c);
        }

        void afterSignMissed(Change c) {
            Ticket before = c.before(), t = c.after();
            if (t.assignee().equals(before.assignee())) {
                notice(t.assignee(), texts.topMissed(t), t.id());
                return;
            }
            notice(t.assignee(), texts.escalatedNotice(t, before.assignee()), t.id());
            notice(before.assignee(), texts.escalatedAway(t), t.id());
        }

        void afterFinishMissed(Change c) {
            Ticket t = c.after();
            String up = c.events().stream().filter(e -> e.type() == EventType.ESCALATED).map(TicketEvent::to)
                    .findFirst().orElse(t.assignee());
            String text = texts.finishMissed(t, up);
            notice(t.assignee(), text, t.id());
            if (!up.equals(t.assignee())) notice(up, text, t.id());
        }

        void remind() {
            Appointment a = snap.appointments().get(timer.subject());
            if (a == null || a.state() != Appointment.State.BOOKED) {
                actions.add(new Action.Ignore("reminder for a cancelled appointment"));
                return;
            }
            send(Group.privateChatId(a.resident()), texts.reminder(a, rules.appointments().plan()), null, null, null,
                    OutboundMessage.Kind.REMINDER);
        }
    }
}
