package zhijian.bot.channel.mp;

import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpRedisConfigImpl;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.channel.HttpTimeouts;
import zhijian.bot.channel.wecom.JedisWxRedisOps;
import zhijian.bot.channel.wecom.WecomClient;
import zhijian.bot.delivery.ChannelSender;
import zhijian.bot.delivery.Receipt;
import zhijian.bot.delivery.SendFailure;
import zhijian.bot.redis.RedisKeys;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.message.OutboundMessage;

/**
 * Answers to Official Account followers: customer-service messages ({@code /cgi-bin/message/custom/send}), allowed
 * within 48 hours of the follower's last message (45015 otherwise). The access token is shared in Redis.
 */
public final class MpSender implements ChannelSender {
    private final WxMpServiceImpl service = new OnceService();

    public MpSender(ChannelConfig.Mp settings, UnifiedJedis redis, RedisKeys keys) {
        WxMpRedisConfigImpl cfg = new WxMpRedisConfigImpl(new JedisWxRedisOps(redis), keys.prefix() + "mp");
        cfg.setAppId(settings.appId());
        cfg.setSecret(settings.secret());
        cfg.setToken(settings.token());
        cfg.setAesKey(settings.aesKey());
        cfg.setHostConfig(WxMpHostConfig.builder().apiHost(settings.apiBase()).build());
        cfg.setApacheHttpClientBuilder(new HttpTimeouts(settings.timeout()));
        service.setWxMpConfigStorage(cfg);
    }

    /** One call, no sleeping retries: the delivery worker retries. */
    private static final class OnceService extends WxMpServiceImpl {
        @Override
        public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
            return executeInternal(executor, uri, data, false);
        }
    }

    @Override public String channel() { return "mp"; }

    @Override public int maxTextBytes() { return 2048; }

    @Override
    public Receipt send(OutboundMessage m, String part, String partKey, Group chat, Matrix matrix, boolean retry)
            throws SendFailure {
        try {
            service.getKefuService().sendKefuMessage(WxMpKefuMessage.TEXT().toUser(chat.channelRef()).content(part).build());
            return Receipt.sent();
        } catch (WxErrorException e) {
            if (e.getError().getErrorCode() == 45015) {
                throw SendFailure.permanent("45015", "超过48小时未互动，公众号不能再主动回复（需粉丝再发一条消息）");
            }
            throw WecomClient.classify(e);
        } catch (Exception e) {
            throw WecomClient.classify(e);
        }
    }
}
