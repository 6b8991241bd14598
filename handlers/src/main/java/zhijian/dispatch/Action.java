package zhijian.dispatch;

import zhijian.appointment.Appointment;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.Clue;
import zhijian.fraud.FraudAlert;
import zhijian.matrix.Member;
import zhijian.message.OutboundMessage;
import zhijian.message.TimerEvent;
import zhijian.ticket.Change;

import java.util.List;

/** What the gateway must do after a decision. All actions of one decision are applied together, or none. */
public sealed interface Action {
    /** Send a message through the channel of its chat. */
    record Send(OutboundMessage message) implements Action {}

    /** Write a ticket change: only over the version it was decided on (or only if new). */
    record SaveTicket(Change change) implements Action {}

    /**
     * Write an appointment: a new booking only while its slot has room ({@code capacity}); a change only over the
     * version it was decided on.
     */
    record SaveAppointment(Appointment before, Appointment after, int capacity, List<TimerEvent> schedule,
                           List<String> cancel) implements Action {}

    /**
     * Write a broadcast: only over the version it was decided on (or only if new). {@code wave}, when set, is a new
     * sending, handed to the fan-out; {@code schedule}/{@code cancel} are its timers; {@code week} is the week its
     * figures count in (e.g. 2026-W47).
     */
    record SaveBroadcast(Broadcast before, Broadcast after, Broadcast.Wave wave, List<TimerEvent> schedule,
                         List<String> cancel, String week) implements Action {}

    /** Delete a closed broadcast and everything kept about it (its retention is over); the week's figures stay. */
    record PurgeBroadcast(Broadcast broadcast) implements Action {}

    /** Write a fraud alert: only over the version it was decided on (or only if new); {@code week} counts it. */
    record SaveFraudAlert(FraudAlert before, FraudAlert after, String week) implements Action {}

    /**
     * An officer's verdict changes what every instance flags: a confirmed scam's links, numbers and sender are blocked
     * (as {@code family}); a false alarm's text (fingerprint) and sender are allowed. Nulls and empty lists change nothing.
     */
    record ChangeFraudLists(String family, List<String> blockLinks, List<String> blockNumbers, String blockSender,
                            String allowText, String allowSender) implements Action {}

    /** A group's 收到 to a broadcast (the first one counts). */
    record RecordAck(String broadcast, String chat, String member, java.time.Instant at) implements Action {}

    /** A sighting in a reached group, filed with a 寻人 case. */
    record RecordClue(String broadcast, Clue clue) implements Action {}

    /** Remember a resident first seen in a group, so they get a private chat and a name. */
    record RememberResident(Member member) implements Action {}

    /**
     * Remember a one-time console code for a person of staff until {@code expires}: only its hash is kept
     * ({@link zhijian.console.ConsoleCodes#hash}), and it can be used once.
     */
    record IssueConsoleCode(String member, String codeHash, java.time.Instant expires) implements Action {}

    /** Nothing to do; the reason is for logs and figures. */
    record Ignore(String reason) implements Action {}
}
