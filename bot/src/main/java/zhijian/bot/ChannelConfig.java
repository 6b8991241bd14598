package zhijian.bot;

import java.time.Duration;
import java.util.Map;

/**
 * The real channels' settings, read by {@link GatewayConfig}. Secrets come only from the environment; a channel
 * whose settings are absent is off. {@code toString()} of every record here hides the secrets.
 */
public record ChannelConfig(Wecom wecom, Bridge bridge, Mp mp, Map<String, Limit> limits, Delivery delivery) {

    /**
     * WeCom (企业微信). The callback needs corpId, token and aesKey; sending through the app needs corpId, agentId and
     * secret; group robots need only their keys; the 智能机器人 callback needs its own token and key.
     *
     * @param robotKeys environment variable name → webhook key, for {@code wecom_robot} groups
     * @param maxSkew   how far a callback's timestamp may be from now (zero: not checked)
     */
    public record Wecom(String corpId, Integer agentId, String secret, String token, String aesKey, String apiBase,
                        Duration maxSkew, Duration timeout, String aibotToken, String aibotAesKey,
                        Map<String, String> robotKeys) {
        public boolean callbackOn() { return corpId != null && token != null && aesKey != null; }
        public boolean apiOn() { return corpId != null && agentId != null && secret != null; }
        public boolean aibotOn() { return aibotToken != null && aibotAesKey != null; }

        @Override
        public String toString() {
            return "Wecom[corpId=" + corpId + ", agentId=" + agentId + ", apiBase=" + apiBase + ", callback=" + callbackOn()
                    + ", api=" + apiOn() + ", aibot=" + aibotOn() + ", robots=" + robotKeys.keySet() + "]";
        }
    }

    /** The personal-WeChat bridge (wechatbot-webhook API): the shared token and where it listens. */
    public record Bridge(String token, String url, Duration healthEvery, Duration timeout) {
        public boolean on() { return token != null && url != null; }

        /** Receiving needs only the token (the bridge posts to us). */
        public boolean receiveOn() { return token != null; }

        @Override
        public String toString() {
            return "Bridge[url=" + url + ", on=" + on() + "]";
        }
    }

    /** A WeChat Official Account (公众号). */
    public record Mp(String appId, String secret, String token, String aesKey, String apiBase, Duration timeout) {
        public boolean callbackOn() { return appId != null && token != null; }
        public boolean apiOn() { return appId != null && secret != null; }

        @Override
        public String toString() {
            return "Mp[appId=" + appId + ", callback=" + callbackOn() + ", api=" + apiOn() + "]";
        }
    }

    /**
     * A channel's pace: at most {@code perTarget} messages to one chat and {@code perChannel} in all, per
     * {@code window}; {@code perChannel} 0 means no channel-wide cap.
     */
    public record Limit(int perTarget, int perChannel, Duration window) {}

    /**
     * Retries: {@code maxAttempts} sends at most, waiting {@code backoff} × 2ⁿ (at most {@code maxBackoff}).
     * While a channel is down (unreachable) attempts are not used up; a message waits up to {@code maxWait}.
     */
    public record Delivery(int maxAttempts, Duration backoff, Duration maxBackoff, Duration maxWait) {}
}
