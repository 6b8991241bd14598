package zhijian.bot.channel.wecom;

import me.chanjar.weixin.cp.bean.external.WxCpMsgTemplate;
import me.chanjar.weixin.cp.bean.external.WxCpMsgTemplateAddResult;
import me.chanjar.weixin.cp.bean.external.msg.Text;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.message.OutboundMessage;

import java.util.List;

/**
 * Residents' customer groups (客户群) owned by an officer: a mass-message template for that one group
 * ({@code /cgi-bin/externalcontact/add_msg_template}). WeCom sends it only when the owner confirms in the client,
 * so the ledger says "waiting for confirmation".
 */
public final class WecomCustomerGroupSender implements ChannelSender {
    private final WecomClient client;

    public WecomCustomerGroupSender(WecomClient client) {
        this.client = client;
    }

    @Override public String channel() { return "wecom_customer_group"; }

    @Override public int maxTextBytes() { return 4000; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        Member owner = matrix.member(chat.admin()).orElse(null);
        if (owner == null || owner.dm() == null || !owner.dm().channel().equals("wecom_app")) {
            throw SendFailure.permanent("no_owner", "customer group " + chat.name() + " has no owner with a WeCom userid");
        }
        WxCpMsgTemplate t = new WxCpMsgTemplate();
        t.setChatType("group");
        t.setSender(owner.dm().ref());
        t.setChatIdList(List.of(chat.channelRef()));
        Text text = new Text();
        text.setContent(part);
        t.setText(text);
        try {
            WxCpMsgTemplateAddResult r = client.service().getExternalContactService().addMsgTemplate(t);
            if (r != null && r.getFailList() != null && !r.getFailList().isEmpty()) {
                throw SendFailure.permanent("fail_list", "WeCom refused the group " + chat.channelRef());
            }
            return new Receipt(Receipt.Status.WAITING_CONFIRMATION, r == null ? null : r.getMsgId());
        } catch (SendFailure f) {
            throw f;
        } catch (Exception e) {
            throw WecomClient.classify(e);
        }
    }
}
