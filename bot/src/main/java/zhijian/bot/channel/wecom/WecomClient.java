package zhijian.bot.channel.wecom;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.AbstractWxCpInRedisConfigImpl;
import redis.clients.jedis.UnifiedJedis;
import zhijian.bot.ChannelConfig;
import zhijian.bot.channel.HttpTimeouts;
import zhijian.bot.delivery.SendFailure;
import zhijian.bot.redis.RedisKeys;

import java.util.Set;

/**
 * WxJava's WeCom service, set up for the gateway: the access token in Redis (shared by every instance, one refresh
 * at a time), the API base from the settings (a fake in tests), our timeouts, and no sleeping retries inside —
 * the delivery worker retries with backoff instead of holding a thread. WxJava still refreshes the token once by
 * itself on 40001/40014/42001.
 */
public final class WecomClient {
    private final WxCpService service;

    public WecomClient(ChannelConfig.Wecom settings, UnifiedJedis redis, RedisKeys keys) {
        AbstractWxCpInRedisConfigImpl cfg = new AbstractWxCpInRedisConfigImpl(new JedisWxRedisOps(redis), keys.wecomTokenPrefix()) {
        };
        cfg.setCorpId(settings.corpId());        // before the agent id: the token keys are built there
        cfg.setAgentId(settings.agentId());
        cfg.setCorpSecret(settings.secret());
        cfg.setToken(settings.token());
        cfg.setAesKey(settings.aesKey());
        cfg.setBaseApiUrl(settings.apiBase());
        cfg.setApacheHttpClientBuilder(new HttpTimeouts(settings.timeout()));
        WxCpServiceImpl s = new OnceService();
        s.setWxCpConfigStorage(cfg);
        this.service = s;
    }

    public WxCpService service() { return service; }

    public Integer agentId() { return service.getWxCpConfigStorage().getAgentId(); }

    /** One call, no sleeps: WxJava's own loop sleeps 1 s, 2 s, 4 s … on -1 and then drops the error code. */
    private static final class OnceService extends WxCpServiceImpl {
        @Override
        public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
            return executeInternal(executor, uri, data, false);
        }
    }

    /**
     * Codes worth another try later: busy, frequency limits, concurrency limits, token trouble, and -99, which is
     * how WxJava reports a network error on calls without a token (the group robot's webhook).
     */
    private static final Set<Integer> RETRY = Set.of(-1, -99, 45009, 45033, 45047, 40001, 40014, 42001, 42009);
    /** The target is gone or unreachable: the robot was removed, the user left, no permission. */
    private static final Set<Integer> GONE = Set.of(93000, 60011, 60020, 81013, 86008, 95001, 95017, 40003, 86003);

    /** What a failed WxJava call means for delivery. */
    public static SendFailure classify(Exception e) {
        if (e instanceof WxErrorException w) {
            int code = w.getError().getErrorCode();
            String msg = "errcode " + code + " " + w.getError().getErrorMsg();
            if (RETRY.contains(code)) return SendFailure.retry(String.valueOf(code), msg);
            if (GONE.contains(code)) return SendFailure.permanent(String.valueOf(code), "unreachable: " + msg);
            return SendFailure.permanent(String.valueOf(code), msg);
        }
        if (e instanceof WxRuntimeException r) {
            Throwable c = r.getCause() != null ? r.getCause() : r;
            return SendFailure.retry("network", c.getClass().getSimpleName() + ": " + safe(c.getMessage()));
        }
        return SendFailure.retry("error", e.getClass().getSimpleName() + ": " + safe(e.getMessage()));
    }

    /** Error texts can carry a URL with a token or key in it: cut any query string. */
    public static String safe(String s) {
        if (s == null) return "";
        return s.replaceAll("(?i)(access_token|key|corpsecret|secret|token)=[^&\\s\"']*", "$1=***");
    }
}
