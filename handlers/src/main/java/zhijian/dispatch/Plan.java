package zhijian.dispatch;

import zhijian.fraud.FraudVerdict;
import zhijian.intent.Classification;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.message.InboundMessage;
import zhijian.message.SystemEvent;
import zhijian.message.TimerEvent;

/**
 * The first half of a decision: who said what where, what they asked, and what state is needed to answer.
 * Exactly one of {@code message}, {@code timer} and {@code event} is set.
 *
 * @param sender    the person (a resident first seen here is made up on the spot and {@code newSender})
 * @param ignore    why nothing will be done, or null
 * @param fraud     the detector's verdict when the message is taken for a scam (or is pasted to ask 这是诈骗吗), or null
 */
public record Plan(Matrix matrix, InboundMessage message, TimerEvent timer, SystemEvent event, Group chat,
                   Member sender, boolean newSender, Command command, Classification classification, Needs needs,
                   String ignore, FraudVerdict fraud) {
    public Plan(Matrix matrix, InboundMessage message, TimerEvent timer, SystemEvent event, Group chat, Member sender,
                boolean newSender, Command command, Classification classification, Needs needs, String ignore) {
        this(matrix, message, timer, event, chat, sender, newSender, command, classification, needs, ignore, null);
    }
}
