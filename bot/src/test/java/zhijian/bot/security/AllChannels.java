package zhijian.bot.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import zhijian.bot.testing.FakeWecom;
import zhijian.bot.testing.GatewayHarness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway with every door open at once — the WeCom app's callback, the 智能机器人, an Official Account in safe
 * mode, the personal-WeChat bridge, the simulator, the console and the admin API — with WeChat's APIs played by a
 * fake, and its log captured.
 */
final class AllChannels implements AutoCloseable {
    static final String CORP = "ww5ec0ffee00000001", WECOM_TOKEN = "secWecomToken7", WECOM_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String WECOM_SECRET = "secWecomCorpSecret-do-not-log-0123456789";
    static final String AIBOT_TOKEN = "secAibotToken9", AIBOT_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final String MP_APP = "wx5ec0ffee0000abcd", MP_TOKEN = "secMpToken3", MP_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final String BRIDGE_TOKEN = "sec-bridge-token-do-not-log-55aa";
    static final String ADMIN_TOKEN = "sec-admin-token-do-not-log-77bb";
    static final long NOW = GatewayHarness.T0.getEpochSecond();

    final FakeWecom api;
    final GatewayHarness gw;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    AllChannels(String name) throws Exception {
        logs.start();
        root.addAppender(logs);
        api = new FakeWecom();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZJ_WECOM_CORP_ID", CORP);
        env.put("ZJ_WECOM_AGENT_ID", "1000002");
        env.put("ZJ_WECOM_SECRET", WECOM_SECRET);
        env.put("ZJ_WECOM_TOKEN", WECOM_TOKEN);
        env.put("ZJ_WECOM_AES_KEY", WECOM_KEY);
        env.put("ZJ_WECOM_API_BASE", api.base());
        env.put("ZJ_WECOM_AIBOT_TOKEN", AIBOT_TOKEN);
        env.put("ZJ_WECOM_AIBOT_AES_KEY", AIBOT_KEY);
        env.put("ZJ_WECOM_MAX_SKEW_S", "300");
        env.put("ZJ_MP_APP_ID", MP_APP);
        env.put("ZJ_MP_SECRET", "mpSecret");
        env.put("ZJ_MP_TOKEN", MP_TOKEN);
        env.put("ZJ_MP_AES_KEY", MP_KEY);
        env.put("ZJ_MP_API_BASE", api.base());
        env.put("ZJ_BRIDGE_TOKEN", BRIDGE_TOKEN);
        env.put("ZJ_ADMIN_TOKEN", ADMIN_TOKEN);
        gw = GatewayHarness.start(name, env);
    }

    /** Every line logged so far, with stack traces. */
    List<String> logLines() {
        return List.copyOf(logs.list).stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
    }

    @Override
    public void close() {
        try {
            gw.close();
            api.close();
        } finally {
            root.detachAppender(logs);
        }
    }
}
