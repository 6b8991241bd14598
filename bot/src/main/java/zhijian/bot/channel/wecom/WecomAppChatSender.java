package zhijian.bot.channel.wecom;

import me.chanjar.weixin.cp.bean.message.WxCpAppChatMessage;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

/** Internal WeCom group chats the app created (e.g. the tier-1 group): {@code /cgi-bin/appchat/send}. */
public final class WecomAppChatSender implements ChannelSender {
    private final WecomClient client;

    public WecomAppChatSender(WecomClient client) {
        this.client = client;
    }

    @Override public String channel() { return "wecom_appchat"; }

    @Override public int maxTextBytes() { return 2048; }

    /** A broadcast copy goes as markdown, its header as a heading. */
    @Override
    public String withTitle(String title, String text) {
        return "### " + title + "\n" + text;
    }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        try {
            client.service().getChatService().sendMsg(m.title() != null
                    ? WxCpAppChatMessage.builder().msgType("markdown").chatId(chat.channelRef()).content(part).build()
                    : WxCpAppChatMessage.buildTextMsg(chat.channelRef(), part, false));
            return Receipt.sent();
        } catch (Exception e) {
            throw WecomClient.classify(e);
        }
    }
}
