package zhijian.dispatch;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the commands people type in chat. Anything else is {@link Command#NONE} and goes to the classifier.
 * Ids are matched case-insensitively and returned in upper case: {@code az-20261122-0007} → {@code AZ-20261122-0007}.
 */
public final class CommandParser {
    /** A ticket or appointment id, e.g. AZ-20261122-0007 or AZY-20261122-0003. */
    public static final Pattern ID = Pattern.compile("(?i)\\b([a-z]{1,6}-\\d{8}-\\d{3,6})\\b");

    private static final String SEP = "[\\s:：,，]*";
    private static final String IDG = "([A-Za-z]{1,6}-\\d{8}-\\d{3,6})";
    /** A broadcast id, e.g. B-20261122-0001. */
    private static final String BID = "([Bb]-\\d{8}-\\d{3,6})";
    private static final Pattern CONFIRM_B = Pattern.compile("^(?:确认|确定)(?:发布)?" + SEP + BID + "[\\s。.!！]*$");
    private static final Pattern CANCEL_B = Pattern.compile("^(?:取消|撤销|撤回)(?:发布)?" + SEP + BID + "(?:" + SEP + "(.+))?$", Pattern.DOTALL);
    private static final Pattern UPDATE_B = Pattern.compile("^(?:更正|更新|补充)" + SEP + BID + SEP + "(.+)$", Pattern.DOTALL);
    private static final Pattern ACK_B = Pattern.compile("^(?:收到|已收到|收到了)" + SEP + BID + "[\\s。.!！]*$");
    private static final Pattern PROGRESS_B = Pattern.compile("^(?:进度|查询|查)" + SEP + BID + "[\\s?？。]*$");
    /** 已找到 B-… [说明]; without an id only the bare words count (已找到车主了 is a remark, not a command). */
    private static final Pattern FOUND = Pattern.compile("^(?:人已找到|已经找到|已找到)" + SEP + BID + "(?:" + SEP + "(.+))?$", Pattern.DOTALL);
    private static final Pattern FOUND_BARE = Pattern.compile("^(?:人已找到|已经找到|已找到)(?:了)?[\\s。.!！]*$");
    /** A fraud-alert id, e.g. F-20261122-0001. */
    private static final String FID = "([Ff]-\\d{8}-\\d{3,6})";
    private static final Pattern CONFIRM_F = Pattern.compile("^(?:确认诈骗|确认是诈骗|是诈骗)" + SEP + FID + "[\\s。.!！]*$");
    private static final Pattern FALSE_F = Pattern.compile("^(?:误报|不是诈骗)" + SEP + FID + "[\\s。.!！]*$");
    /** A resident asking about a message they pasted or forwarded: the question after it, or before it. */
    private static final String SCAM = "(?:诈骗|骗子|骗人的|骗局|骗钱的)";
    private static final String ASK = "(?:是不是" + SCAM + "[吗嘛么啊呀]?|是" + SCAM + "(?:吗|嘛|么)|是" + SCAM + "[啊呀]?[？?])";
    private static final Pattern CHECK_F = Pattern.compile("[\\s，,。.：:]*(?:请问|帮我看看|帮忙看看|大家看看)?[\\s，,]*"
            + "(?:这|这个|这条|这条消息|这条短信|上面这条|对方|这个人)?" + ASK + "[\\s？?！!。]*$");
    private static final Pattern CHECK_F_LEAD = Pattern.compile("^(?:请问|帮我看看|帮忙看看)?[\\s，,]*(?:(?:这|这个|这条|这条消息|这条短信)"
            + ASK + "[\\s？?！!。：:，,]*|" + ASK + "\\s*[？?：:][\\s，,]*)(.+)$", Pattern.DOTALL);
    private static final Pattern SIGN = Pattern.compile("^(?:接单|签收)" + SEP + IDG + "[\\s。.!！]*$");
    private static final Pattern REPLY = Pattern.compile("^回复" + SEP + IDG + SEP + "(.+)$", Pattern.DOTALL);
    private static final Pattern REASSIGN = Pattern.compile("^(?:转派|改派)" + SEP + IDG + "(?:" + SEP + "给)?" + SEP + "(\\S+)(?:\\s+(.+))?$", Pattern.DOTALL);
    private static final Pattern RETURN = Pattern.compile("^退单" + SEP + IDG + "(?:" + SEP + "(.+))?$", Pattern.DOTALL);
    private static final Pattern CLOSE = Pattern.compile("^(?:办结|结案)" + SEP + IDG + "(?:" + SEP + "(.+))?$", Pattern.DOTALL);
    private static final Pattern STATUS = Pattern.compile("^(?:查询|查|进度)" + SEP + IDG + "[\\s?？。]*$");
    private static final Pattern SUPPLEMENT = Pattern.compile("^补充" + SEP + IDG + SEP + "(.+)$", Pattern.DOTALL);
    private static final Pattern CANCEL = Pattern.compile("^取消(?:预约)?" + SEP + IDG + "?[\\s。.!！]*$");
    private static final Pattern CANCEL_WORDS = Pattern.compile("^(?:我要|我想|帮我)?取消(?:我的)?预约[\\s。.!！吧了]*$");
    /** A rating and nothing else: 5, 5分, 五星, 评价 4, 4分 很满意. "三分钟前…" is not one. */
    private static final Pattern RATE = Pattern.compile("^(?:评价|打分|评分|给)?" + SEP + "([1-5一二三四五])\\s*(?:分|星)?"
            + "[\\s。.!！~～,，]*(?:很满意|非常满意|满意|不满意|不太满意|一般|还行|还可以|很好|好评|差评|谢谢|感谢|辛苦了)?[\\s。.!！~～]*$");
    private static final Pattern QUEUE = Pattern.compile("^(?:我的工单|工单|待办|我的待办|工单列表)[\\s?？。]*$");
    private static final Pattern APPOINTMENTS = Pattern.compile("^(?:我的预约|查询预约|查预约|预约查询)[\\s?？。]*$");
    private static final Pattern CONSOLE = Pattern.compile("^(?:登录|登陆|打开|进入)?(?:工作)?控制台(?:登录|登陆|密码|口令)?"
            + "[\\s。.!！?？]*$|^(?:设置|重置|忘记)(?:了)?(?:控制台)?(?:的)?密码[\\s。.!！?？]*$");
    private static final Pattern HELP = Pattern.compile("^(?:帮助|菜单|help|\\?|？|你能做什么|能做什么|功能)[\\s?？。!！]*$", Pattern.CASE_INSENSITIVE);

    private CommandParser() {}

    public static Command parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        Matcher m;
        if (zhijian.broadcast.PublishSyntax.looksLikePublish(text)) return Command.of(Command.Type.PUBLISH, null, null, text);
        if ((m = CONFIRM_F.matcher(text)).matches()) return Command.of(Command.Type.CONFIRM_FRAUD, id(m.group(1)), null, null);
        if ((m = FALSE_F.matcher(text)).matches()) return Command.of(Command.Type.FALSE_ALARM, id(m.group(1)), null, null);
        if ((m = CHECK_F_LEAD.matcher(text)).matches()) return Command.of(Command.Type.CHECK_FRAUD, null, null, m.group(1).strip());
        if ((m = CHECK_F.matcher(text)).find()) {
            // the question at the end; what comes before it is the message asked about (maybe nothing: then ask for it)
            return Command.of(Command.Type.CHECK_FRAUD, null, null, text.substring(0, m.start()).strip());
        }
        if ((m = CONFIRM_B.matcher(text)).matches()) return Command.of(Command.Type.CONFIRM_BROADCAST, id(m.group(1)), null, null);
        if ((m = CANCEL_B.matcher(text)).matches()) {
            return Command.of(Command.Type.CANCEL_BROADCAST, id(m.group(1)), null, trimOrNull(m.group(2)));
        }
        if ((m = UPDATE_B.matcher(text)).matches()) return Command.of(Command.Type.UPDATE_BROADCAST, id(m.group(1)), null, m.group(2).strip());
        if ((m = ACK_B.matcher(text)).matches()) return Command.of(Command.Type.ACK_BROADCAST, id(m.group(1)), null, null);
        if ((m = PROGRESS_B.matcher(text)).matches()) return Command.of(Command.Type.BROADCAST_PROGRESS, id(m.group(1)), null, null);
        if ((m = FOUND.matcher(text)).matches()) return Command.of(Command.Type.FOUND, id(m.group(1)), null, trimOrNull(m.group(2)));
        if (FOUND_BARE.matcher(text).matches()) return Command.of(Command.Type.FOUND, null, null, null);
        if ((m = SIGN.matcher(text)).matches()) return Command.of(Command.Type.SIGN, id(m.group(1)), null, null);
        if ((m = REPLY.matcher(text)).matches()) return Command.of(Command.Type.REPLY, id(m.group(1)), null, m.group(2).strip());
        if ((m = REASSIGN.matcher(text)).matches()) {
            return Command.of(Command.Type.REASSIGN, id(m.group(1)), m.group(2).strip(), trimOrNull(m.group(3)));
        }
        if ((m = RETURN.matcher(text)).matches()) return Command.of(Command.Type.RETURN, id(m.group(1)), null, trimOrNull(m.group(2)));
        if ((m = CLOSE.matcher(text)).matches()) return Command.of(Command.Type.CLOSE, id(m.group(1)), null, trimOrNull(m.group(2)));
        if ((m = STATUS.matcher(text)).matches()) return Command.of(Command.Type.STATUS, id(m.group(1)), null, null);
        if ((m = SUPPLEMENT.matcher(text)).matches()) return Command.of(Command.Type.SUPPLEMENT, id(m.group(1)), null, m.group(2).strip());
        if ((m = CANCEL.matcher(text)).matches() && m.group(1) != null) {
            return Command.of(Command.Type.CANCEL_APPOINTMENT, id(m.group(1)), null, null);
        }
        if (CANCEL_WORDS.matcher(text).matches()) return Command.of(Command.Type.CANCEL_APPOINTMENT, null, null, null);
        if (QUEUE.matcher(text).matches()) return Command.of(Command.Type.MY_QUEUE, null, null, null);
        if (CONSOLE.matcher(text).matches()) return Command.of(Command.Type.CONSOLE, null, null, null);
        if (APPOINTMENTS.matcher(text).matches()) return Command.of(Command.Type.MY_APPOINTMENTS, null, null, null);
        if (HELP.matcher(text).matches()) return Command.of(Command.Type.HELP, null, null, null);
        if ((m = RATE.matcher(text)).matches()) {
            return new Command(Command.Type.RATE, null, null, null, "一二三四五".indexOf(m.group(1)) >= 0
                    ? "一二三四五".indexOf(m.group(1)) + 1 : Integer.parseInt(m.group(1)));
        }
        return Command.NONE;
    }

    private static String id(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private static String trimOrNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
