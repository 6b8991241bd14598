package zhijian.text;

import zhijian.catalog.Catalog;
import zhijian.fraud.FraudAlert;
import zhijian.fraud.FraudRules;
import zhijian.matrix.Matrix;

import java.util.List;

/** What the bot says about scams: the warning in the group, the answer to 这是诈骗吗, the officer's notice and verdicts. */
public final class FraudTexts {
    private final Matrix matrix;
    private final Texts texts;

    public FraudTexts(Matrix matrix, Catalog catalog) {
        this.matrix = matrix;
        this.texts = new Texts(matrix, catalog);
    }

    /** The warning in the group: the family's advice — never the scam's link or number. */
    public String groupWarning(FraudRules.Family f) {
        return "【反诈提醒】上面这条消息很像「" + f.name() + "」诈骗，请大家不要点里面的链接、不要加对方、不要转账。\n" + f.advice()
                + "\n拿不准的，可以打 110 或反诈专线 96110 问。";
    }

    public String officerNotice(FraudAlert a, FraudRules.Family f) {
        String where = a.kind() == FraudAlert.Kind.GROUP ? "群：" + chatName(a.chat()) + "（已在群里提醒）"
                : "群众询问：" + chatName(a.chat()) + "里有人贴来问「这是诈骗吗」，已回答";
        return "【疑似诈骗】" + a.id() + "\n" + where + "\n发送人：" + (a.senderName() == null ? "（不明）" : a.senderName())
                + "\n时间：" + texts.time(a.at()) + "\n类型：" + f.name() + "（得分 " + a.score() + "；依据："
                + String.join("、", a.why().subList(0, Math.min(8, a.why().size()))) + "）\n原文：" + Texts.quote(a.text(), 300)
                + "\n核实后请回复「确认诈骗 " + a.id() + "」（发送人、链接和号码列入拦截，换个说法也会识别）或「误报 " + a.id() + "」。";
    }

    public String checkScam(FraudRules.Family f) {
        return "这很可能是「" + f.name() + "」诈骗，请不要点链接、不要加对方、不要转账，也不要把验证码告诉任何人。\n" + f.advice()
                + "\n已告诉社区民警。拿不准的，可以打 110 或反诈专线 96110 问。";
    }

    public String checkWarning() {
        return "这是一条防骗提醒，不是诈骗。提醒里说的做法都要防：不转账、不给验证码、不共享屏幕、不点陌生链接。";
    }

    public String checkClean() {
        return "这条消息里没有看出常见的诈骗说法，但也不能保证。凡是要你转账、交保证金、给验证码、下载软件、共享屏幕、"
                + "点陌生链接的，都要先停下来核实；拿不准的，可以打 110 或反诈专线 96110 问。";
    }

    public String checkEmpty() {
        return "请把可疑的消息原文贴过来（或转发过来），再问一句「这是诈骗吗」，我帮您看看。";
    }

    public String confirmed(FraudAlert a, List<String> blocked) {
        return "已确认 " + a.id() + " 为诈骗。" + (blocked.isEmpty() ? "（这条消息里没有可拦截的链接、号码或发送人。）"
                : "已列入拦截：" + String.join("、", blocked) + "。以后这些再出现，换个说法也会提醒。");
    }

    public String falseAlarm(FraudAlert a) {
        return "已记为误报：" + a.id() + "。同样的消息" + (a.kind() == FraudAlert.Kind.GROUP && a.senderName() != null
                ? "和" + a.senderName() + "发的消息" : "") + "以后不再提醒。";
    }

    public String alreadySettled(FraudAlert a) {
        return a.id() + " 已经" + (a.verdictBy() == null ? "" : "由" + texts.person(a.verdictBy())) + "定为「" + a.state().label() + "」。";
    }

    public String answeredPrivately() {
        return "收到，结果已私信告诉您。";
    }

    public String noSuchAlert(String id) {
        return "没有找到诈骗提醒 " + id + "，请核对编号。";
    }

    public String onlyPolice() {
        return "只有民警可以确认诈骗或误报。";
    }

    private String chatName(String chat) {
        return matrix.chat(chat).map(g -> g.isPrivate() ? "私聊：" + g.name() : g.name()).orElse(chat);
    }
}
