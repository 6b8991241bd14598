package zhijian.bot.channel.wecom;

import me.chanjar.weixin.cp.bean.message.WxCpMessage;
import me.chanjar.weixin.cp.bean.message.WxCpMessageSendResult;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

/** Private messages to WeCom members (staff, and residents who use WeCom): {@code /cgi-bin/message/send}. */
public final class WecomAppSender implements ChannelSender {
    private final WecomClient client;

    public WecomAppSender(WecomClient client) {
        this.client = client;
    }

    @Override public String channel() { return "wecom_app"; }

    @Override public int maxTextBytes() { return 2048; }

    /** A broadcast copy goes as markdown, its header as a heading. */
    @Override
    public String withTitle(String title, String text) {
        return "### " + title + "\n" + text;
    }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        String userId = chat.channelRef();
        if (userId == null) throw SendFailure.permanent("no_userid", "no WeCom userid for " + chat.id());
        WxCpMessageSendResult r;
        try {
            WxCpMessage msg = m.title() != null
                    ? WxCpMessage.MARKDOWN().agentId(client.agentId()).toUser(userId).content(part).build()
                    : WxCpMessage.TEXT().agentId(client.agentId()).toUser(userId).content(part).build();
            if (retry) {
                // the attempt before may have arrived after all (a timeout): let WeCom drop a repeat. Only on retries:
                // two different messages with the same words (two alerts, a resident asking twice) must both arrive.
                msg.setEnableDuplicateCheck(true);
                msg.setDuplicateCheckInterval(1800);
            }
            r = client.service().getMessageService().send(msg);
        } catch (Exception e) {
            throw WecomClient.classify(e);
        }
        if (r != null && r.getInvalidUser() != null && !r.getInvalidUser().isBlank()) {
            throw SendFailure.permanent("invaliduser", "WeCom does not know userid " + userId + " (or it is outside the app's range)");
        }
        return Receipt.sent(r == null ? null : r.getMsgId());
    }
}
