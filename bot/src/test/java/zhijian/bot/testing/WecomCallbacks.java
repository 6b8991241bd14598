package zhijian.bot.testing;

import zhijian.bot.channel.wecom.CallbackCrypto;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Plays WeCom: encrypts and signs callbacks the way WeCom does (XML for the app, JSON for the 智能机器人). */
public final class WecomCallbacks {
    public record Signed(String query, String body) {}

    private final CallbackCrypto crypto;
    private final String toUser;
    private int nonce = 1000;

    public WecomCallbacks(String token, String aesKey, String receiveId) {
        this.crypto = new CallbackCrypto(token, aesKey, receiveId);
        this.toUser = receiveId;
    }

    /** An encrypted app callback of this plaintext XML, signed for {@code timestamp}. */
    public Signed xml(String plainXml, long timestamp) {
        String enc = crypto.seal(plainXml);
        String n = String.valueOf(++nonce);
        String sig = crypto.sign(String.valueOf(timestamp), n, enc);
        return new Signed(query(sig, timestamp, n), "<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><Encrypt><![CDATA["
                + enc + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>");
    }

    /** An encrypted 智能机器人 callback of this plaintext JSON. */
    public Signed json(String plainJson, long timestamp) {
        String enc = crypto.seal(plainJson);
        String n = String.valueOf(++nonce);
        return new Signed(query(crypto.sign(String.valueOf(timestamp), n, enc), timestamp, n), "{\"encrypt\":\"" + enc + "\"}");
    }

    public static String textXml(String corpId, String fromUser, String content, long msgId, long createTime) {
        return "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName><FromUserName><![CDATA[" + fromUser
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
                + content + "]]></Content><MsgId>" + msgId + "</MsgId><AgentID>1000002</AgentID></xml>";
    }

    public static String eventXml(String corpId, String fromUser, String event, long createTime, String extra) {
        return "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName><FromUserName><![CDATA[" + fromUser
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
                + event + "]]></Event>" + extra + "<AgentID>1000002</AgentID></xml>";
    }

    private static String query(String sig, long ts, String nonce) {
        return "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8);
    }
}
