package zhijian.bot.channel.wecom;

import me.chanjar.weixin.cp.bean.kf.WxCpKfMsgSendRequest;
import me.chanjar.weixin.cp.bean.kf.WxCpKfMsgSendResp;
import me.chanjar.weixin.cp.bean.kf.msg.WxCpKfTextMsg;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * 微信客服 replies: {@code /cgi-bin/kf/send_msg}, only within WeChat's window — 5 messages within 48 hours of the
 * customer's last message. The window is kept in Redis ({@link KfSync} opens it), so no instance oversteps it.
 */
public final class WecomKfSender implements ChannelSender {
    static final Duration WINDOW = Duration.ofHours(48);
    static final int WINDOW_MESSAGES = 5;

    private final WecomClient client;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final LuaScript window = LuaScript.load("kf_window");

    public WecomKfSender(WecomClient client, UnifiedJedis redis, RedisKeys keys, Clock clock) {
        this.client = client;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override public String channel() { return "wecom_kf"; }

    @Override public int maxTextBytes() { return 2048; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        String ref = chat.channelRef();
        int bar = ref == null ? -1 : ref.indexOf('|');
        if (bar < 0) throw SendFailure.permanent("no_kf_address", "no 微信客服 account for " + chat.id());
        String openKfId = ref.substring(0, bar), customer = ref.substring(bar + 1);
        // take one of the window's messages in one step, so two instances cannot both take the fifth
        Object took = window.run(redis, List.of(keys.kfWindow(customer)), List.of(String.valueOf(clock.millis()),
                String.valueOf(WINDOW.toMillis()), String.valueOf(WINDOW_MESSAGES)));
        if (((Number) took).longValue() == 0) {
            throw SendFailure.permanent("95001", "微信客服会话已超过48小时或已回复5条，需居民再发一条消息后才能回复");
        }
        WxCpKfMsgSendRequest req = new WxCpKfMsgSendRequest();
        req.setToUser(customer);
        req.setOpenKfid(openKfId);
        req.setMsgType("text");
        WxCpKfTextMsg text = new WxCpKfTextMsg();
        text.setContent(part);
        req.setText(text);
        try {
            WxCpKfMsgSendResp r = client.service().getKfService().sendMsg(req);
            return Receipt.sent(r == null ? null : r.getMsgId());
        } catch (me.chanjar.weixin.common.error.WxErrorException e) {
            // WeChat refused it: the slot was not used (after a timeout it may have been, so it is kept then)
            redis.eval("local n = tonumber(redis.call('HGET', KEYS[1], 'sent') or '0') if n > 0 then redis.call('HINCRBY', KEYS[1], 'sent', -1) end return 0",
                    List.of(keys.kfWindow(customer)), List.of());
            throw WecomClient.classify(e);
        } catch (Exception e) {
            throw WecomClient.classify(e);
        }
    }
}
