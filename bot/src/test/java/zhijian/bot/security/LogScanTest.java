package zhijian.bot.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import zhijian.bot.Json;
import zhijian.bot.testing.ConsoleClient;
import zhijian.bot.testing.FakeBridge;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.WecomCallbacks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.security.AllChannels.NOW;

/**
 * The whole log of a gateway run — every logger, down to DEBUG for the gateway's own — through stories where
 * residents post phone and ID numbers and tips on every channel, staff log in to the console, and someone tries
 * wrong tokens and passwords: no phone number, ID number, tip, secret, password, one-time code, session or CSRF
 * token appears in it.
 */
class LogScanTest {
    static final String PHONE = "13912345678", PHONE2 = "13700001111", PHONE3 = "18988887777";
    static final String ID = "54012219900101123X", ID_LOWER_X = "54012219851231002x", ID_DIGITS = "540122199001011234";
    static final String TIP = "扎西多吉在村东头仓库聚众赌博";

    @Test
    void aRunsWholeLog_holdsNoNumberTipOrSecret() throws Exception {
        Logger ours = (Logger) LoggerFactory.getLogger("zhijian");
        Level was = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        List<String> secrets = new ArrayList<>(List.of(AllChannels.WECOM_SECRET, AllChannels.WECOM_TOKEN, AllChannels.WECOM_KEY,
                AllChannels.AIBOT_TOKEN, AllChannels.AIBOT_KEY, AllChannels.MP_TOKEN, AllChannels.MP_KEY, AllChannels.BRIDGE_TOKEN,
                AllChannels.ADMIN_TOKEN, ConsoleClient.PASSWORD, "Wrong-Guess-2026", PHONE, PHONE2, PHONE3, ID, ID_LOWER_X,
                ID_DIGITS, TIP));
        List<String> lines;
        AllChannels all = new AllChannels("log-scan");
        try {
            GatewayHarness gw = all.gw;
            // residents on the simulator: a dispute with numbers in it, a tip in private
            gw.say("g-zhangda", "r-ciren", "邻居家的牦牛把我家青稞吃了一大片，他还不认账，请帮忙调解，我电话" + PHONE + "，身份证" + ID);
            gw.say("dm:r-lhakpa", "r-lhakpa", "我要举报，" + TIP + "，知情人电话" + PHONE2);
            // the WeCom app, good and forged
            WecomCallbacks wecom = new WecomCallbacks(AllChannels.WECOM_TOKEN, AllChannels.WECOM_KEY, AllChannels.CORP);
            WecomCallbacks.Signed w = wecom.xml(WecomCallbacks.textXml(AllChannels.CORP, "zhangsan",
                    "救命！有人打架，我手机" + PHONE3 + "，身份证" + ID_LOWER_X, 5001, NOW), NOW);
            gw.post("/wecom/callback?" + w.query(), "text/xml", w.body());
            gw.post("/wecom/callback?" + w.query().replaceFirst("msg_signature=.", "msg_signature=0"), "text/xml", w.body());
            // the 智能机器人 and the Official Account
            WecomCallbacks aibot = new WecomCallbacks(AllChannels.AIBOT_TOKEN, AllChannels.AIBOT_KEY, "");
            WecomCallbacks.Signed a = aibot.json(Json.write(Map.of("msgid", "log-1", "chattype", "single", "from", Map.of("userid", "lisi"),
                    "msgtype", "text", "text", Map.of("content", "我的身份证号" + ID_DIGITS + "丢了怎么补办"))), NOW);
            gw.post("/wecom/aibot/callback?" + a.query(), "application/json", a.body());
            // the bridge: a resident's number, and a post with a wrong token
            FakeBridge.post(gw.base(), AllChannels.BRIDGE_TOKEN, "章达村村民群", "次仁（货车）", "@指尖服务 我的电话换成" + PHONE2 + "了", true, false);
            FakeBridge.post(gw.base(), AllChannels.BRIDGE_TOKEN + "0", "章达村村民群", "次仁（货车）", ID, true, false);
            // the admin API, with and without its token
            for (String auth : List.of("Bearer " + AllChannels.ADMIN_TOKEN, "Bearer " + AllChannels.ADMIN_TOKEN + "0")) {
                gw.send(HttpRequest.newBuilder(URI.create(gw.base() + "/api/admin/dead-letters")).header("Authorization", auth).GET());
            }
            // the console: a code, a password, a session, a wrong guess
            String code = ConsoleClient.codeFor(gw, "v-zd-med");
            secrets.add(code);
            secrets.add(code.replace("-", ""));
            ConsoleClient tashi = ConsoleClient.anonymous(gw);
            GatewayHarness.Response in = tashi.setPassword(code, ConsoleClient.PASSWORD);
            assertTrue(in.status() == 200, in.raw());
            secrets.add(in.body().get("csrf").asText());
            String cookie = in.header("Set-Cookie");
            secrets.add(cookie.substring("zj_session=".length(), cookie.indexOf(';')));
            tashi.get("/api/console/tickets");
            ConsoleClient.anonymous(gw).login("v-zd-med", "Wrong-Guess-2026");
            gw.awaitDrained();
            assertTrue(gw.botSaid("dm:r-lhakpa").stream().anyMatch(s -> s.contains("工单")), "the tip was taken");
        } finally {
            lines = all.logLines();
            all.close();
            ours.setLevel(was);
        }
        assertFalse(lines.isEmpty(), "the run logged");
        assertTrue(lines.stream().anyMatch(l -> l.contains("refused")), "and said what it refused");
        for (String l : lines) {
            for (String s : secrets) assertFalse(l.contains(s), "the log must not contain " + s + ": " + l);
            assertFalse(l.matches("(?s).*(?<!\\d)1[3-9]\\d{9}(?!\\d).*"), "no mobile number at all: " + l);
            assertFalse(l.matches("(?s).*(?<!\\d)\\d{17}[\\dXx](?!\\d).*"), "no ID number at all: " + l);
        }
    }
}
