package zhijian.bot.channel.wecom;

import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import zhijian.bot.ChannelConfig;
import zhijian.bot.channel.HttpTimeouts;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.util.List;
import java.util.Map;

/**
 * Group robots (群机器人) in internal WeCom groups: their webhook. A group names the environment variable that holds
 * its robot's key ({@code channel_ref: ZJ_ROBOT_KEY_TIER1}); the key itself is never in the seeds or the logs.
 * A person with a WeCom userid is @-mentioned for real.
 */
public final class WecomRobotSender implements ChannelSender {
    private final WxCpServiceImpl service = new WxCpServiceImpl();
    private final String apiBase;
    private final Map<String, String> keys;

    public WecomRobotSender(ChannelConfig.Wecom settings) {
        WxCpDefaultConfigImpl cfg = new WxCpDefaultConfigImpl();
        cfg.setBaseApiUrl(settings.apiBase());
        cfg.setApacheHttpClientBuilder(new HttpTimeouts(settings.timeout()));
        service.setWxCpConfigStorage(cfg);
        this.apiBase = settings.apiBase();
        this.keys = settings.robotKeys();
    }

    @Override public String channel() { return "wecom_robot"; }

    @Override public int maxTextBytes() { return 2048; }

    /** A broadcast copy goes as markdown, its header as a heading. */
    @Override
    public String withTitle(String title, String text) {
        return "### " + title + "\n" + text;
    }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        String key = keys.get(chat.channelRef());
        if (key == null) throw SendFailure.permanent("no_key", "environment variable " + chat.channelRef() + " is not set");
        List<String> mention = matrix.member(m.mention()).filter(p -> p.dm() != null && p.dm().channel().equals("wecom_app"))
                .map(p -> List.of(p.dm().ref())).orElse(null);
        try {
            String url = apiBase + "/cgi-bin/webhook/send?key=" + key;
            if (m.title() != null) service.getGroupRobotService().sendMarkdown(url, part);
            else service.getGroupRobotService().sendText(url, part, mention, null);
            return Receipt.sent();
        } catch (Exception e) {
            throw WecomClient.classify(e);
        }
    }
}
