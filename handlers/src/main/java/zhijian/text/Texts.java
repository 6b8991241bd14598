package zhijian.text;

import zhijian.appointment.Appointment;
import zhijian.appointment.AppointmentPlan;
import zhijian.catalog.Catalog;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;
import zhijian.matrix.Station;
import zhijian.ticket.Ticket;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/** Every sentence the bot says, in one place, so the station can read (and later change) them together. */
public final class Texts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    private final Matrix matrix;
    private final Catalog catalog;
    private final ZoneId zone;

    public Texts(Matrix matrix, Catalog catalog) {
        this.matrix = matrix;
        this.catalog = catalog;
        this.zone = matrix.station().zone();
    }

    private Station station() { return matrix.station(); }

    public String signature() {
        return "—— " + station().name() + "·" + station().botName();
    }

    public static String quote(String text, int max) {
        String t = text.replaceAll("\\s+", " ").strip();
        return "「" + (t.length() <= max ? t : t.substring(0, max) + "…") + "」";
    }

    public String time(Instant at) {
        return TIME.format(at.atZone(zone));
    }

    public static String day(LocalDate d) {
        return d.getMonthValue() + "月" + d.getDayOfMonth() + "日（" + d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA) + "）";
    }

    public String person(String memberId) {
        return matrix.member(memberId).map(m -> m.mainRole().label() + m.name()).orElse(matrix.nameOf(memberId));
    }

    private String signHint(Ticket t) {
        return "请在" + Durations.chinese(t.signWithin()) + "内回复「接单 " + t.id() + "」";
    }

    private String where(Ticket t) {
        String chatName = matrix.chat(t.chat()).map(g -> g.isPrivate() ? "私聊" : g.name()).orElse("私聊");
        return matrix.gridName(t.grid()) + "·" + chatName;
    }

    // ---- answers to residents ----

    public String faqAnswer(String question, String answer) {
        return quote(question, 30) + "\n" + answer.strip() + "\n" + signature();
    }

    public String emergencyReply(Ticket t, String advice) {
        return "【紧急】" + advice + "\n已通知值班民警" + matrix.nameOf(t.assignee()) + "，工单号 " + t.id()
                + "。请保持电话畅通，民警会尽快联系您。";
    }

    /** For someone on the personal-WeChat bridge, whose identity cannot be checked. */
    public String tipAckUnverified() {
        return "收到，民警会核实处理。如需补充情况或了解进度，请拨打派出所电话【待填：值班电话】，"
                + "或私聊派出所企业微信、微信客服（那里能核实身份，为您保密）。";
    }

    public String tipNotOverBridge() {
        return "举报、线索类事项不能通过微信群查询或补充（无法核实身份）。请拨打派出所电话【待填：值班电话】，"
                + "或私聊派出所企业微信、微信客服。";
    }

    public String unverifiedNote() {
        return "\n（来自个人微信群，举报人身份无法核实；答复不会经微信转达，请电话或当面联系。）";
    }

    public String unverifiedTipster(Ticket t) {
        return "工单 " + t.id() + " 的举报人经个人微信群联系，身份无法核实，答复未转达，请电话或当面联系。";
    }

    public String tipGroupAck() {
        return "收到，工作人员会私信联系您，请留意私聊消息。";
    }

    public String tipPrivateAck(Ticket t) {
        return "您反映的情况已登记，工单号 " + t.id() + "，已转" + person(t.assignee()) + "处理，我们会为您保密。\n"
                + "如需补充，请回复「补充 " + t.id() + " 内容」；查询进度请回复「查询 " + t.id() + "」。";
    }

    public String ticketReceived(Ticket t, List<String> notified) {
        StringBuilder b = new StringBuilder("已受理，工单号 ").append(t.id()).append("（").append(catalog.nameOf(t.category()))
                .append("），已转").append(person(t.assignee()));
        for (String n : notified) b.append("、").append(person(n));
        b.append("处理，").append(Durations.chinese(t.signWithin())).append("内会有人跟进。查询进度请回复「查询 ")
                .append(t.id()).append("」。");
        return b.toString();
    }

    public String staffReplyToResident(Ticket t, String staff, String text) {
        return "【工单 " + t.id() + " 回复】" + person(staff) + "：" + text;
    }

    public String signedToResident(Ticket t, String staff) {
        return "您的工单 " + t.id() + " 已由" + person(staff) + "签收办理。";
    }

    public String closedToResident(Ticket t) {
        return "您反映的事项（工单 " + t.id() + "）已办结：" + t.outcome()
                + "\n请回复 1-5 为本次服务打分（5 分最满意）。";
    }

    public String thanksForRating(Ticket t, int stars) {
        return stars >= 4 ? "谢谢您的评价（" + stars + " 分），我们会继续努力！"
                : "谢谢您的评价（" + stars + " 分）。所里会回访了解情况，改进我们的工作。";
    }

    public String status(Ticket t) {
        StringBuilder b = new StringBuilder("工单 ").append(t.id()).append("（").append(catalog.nameOf(t.category())).append("）\n")
                .append("状态：").append(t.state().label()).append("\n")
                .append("负责人：").append(person(t.assignee())).append("\n")
                .append("受理时间：").append(time(t.createdAt()));
        if (t.state().isOpen()) b.append("\n办结时限：").append(time(t.finishDue()));
        if (t.outcome() != null) b.append("\n处理结果：").append(t.outcome());
        return b.toString();
    }

    public String statusList(List<Ticket> tickets) {
        if (tickets.isEmpty()) return "没有查到您反映过的事项。如需反映，请直接说明情况。";
        StringBuilder b = new StringBuilder("您反映的事项：");
        for (Ticket t : tickets) {
            b.append("\n").append(t.id()).append(" ").append(catalog.nameOf(t.category())).append(" — ")
                    .append(t.state().label()).append("（").append(person(t.assignee())).append("）");
        }
        b.append("\n回复「查询 工单号」看详情。");
        return b.toString();
    }

    public String statusSentPrivately() {
        return "已私信告知您办理进度。";
    }

    public String help() {
        return "您好，我是" + station().name() + "「" + station().botName() + "」，可以帮您：\n"
                + "1. 业务咨询：如「办身份证要带什么」\n"
                + "2. 业务预约：如「预约明天上午办身份证」「我的预约」「取消预约」\n"
                + "3. 举报、提供线索：说明情况即可，会转私聊并为您保密\n"
                + "4. 矛盾纠纷、安全隐患：说明在哪里、什么事\n"
                + "5. 紧急情况请直接拨打 110（火警 119，急救 120），也可以在这里说\n"
                + "6. 查询进度：「查询 工单号」或「我反映的事怎么样了」\n"
                + "7. 防诈骗：把可疑的消息贴过来或转发过来，问一句「这是诈骗吗」\n"
                + "在群里请 @" + station().botName() + " 再说。";
    }

    public String staffHelp() {
        return "工作人员指令：\n接单 工单号\n回复 工单号 内容（转达给反映人）\n转派 工单号 姓名 [理由]\n"
                + "退单 工单号 理由（非本人职责，退回值班民警）\n办结 工单号 处理结果\n我的工单\n查询 工单号\n"
                + "确认诈骗 F-编号 / 误报 F-编号（民警核实反诈提醒）\n控制台（私聊发，领取设置网页控制台密码的一次性口令）";
    }

    /** The one-time console code, in the person's private chat only. The code rides in the link's #fragment. */
    public String consoleCode(Member who, String code, String consoleUrl, java.time.Duration validFor) {
        return "网页控制台一次性口令：" + code + "\n" + validFor.toMinutes() + " 分钟内有效，只能用一次；请勿转发给任何人。\n"
                + "打开下面的地址，设置您自己的登录密码：\n" + consoleUrl + "#welcome?id=" + who.id() + "&code=" + code
                + "\n登录账号：" + who.id() + "（" + who.name() + "）";
    }

    public String consoleCodeOnlyInPrivate() {
        return "控制台口令只在私聊里发：请私聊我发送「控制台」。";
    }

    public String notUnderstood() {
        return "抱歉，没太明白您的意思。" + help();
    }

    public String tooLongAgo() {
        return "没有需要评价的工单。";
    }

    // ---- notices to staff ----

    public String newTicketNotice(Ticket t, String label) {
        String body = t.confidential() ? where(t) + "（已转私聊，群内未回显）" : where(t);
        return "【" + label + "】" + body + "\n" + t.residentName() + "：" + t.text() + "\n工单 " + t.id() + "，"
                + signHint(t) + "。";
    }

    public String ccNotice(Ticket t) {
        return "【抄送】" + catalog.nameOf(t.category()) + " 工单 " + t.id() + " 已派给" + person(t.assignee()) + "。\n"
                + where(t) + "\n" + t.residentName() + "：" + t.excerpt(80);
    }

    public String escalatedNotice(Ticket t, String previous) {
        return "【升级】工单 " + t.id() + "（" + catalog.nameOf(t.category()) + "）" + person(previous) + "在"
                + Durations.chinese(t.signWithin()) + "内未签收，现转由您处理，" + signHint(t) + "。\n"
                + where(t) + "\n" + t.residentName() + "：" + t.excerpt(80);
    }

    public String escalatedAway(Ticket t) {
        return "工单 " + t.id() + " 超时未签收，已升级至" + person(t.assignee()) + "。";
    }

    public String topMissed(Ticket t) {
        return "【督办】工单 " + t.id() + "（" + catalog.nameOf(t.category()) + "）仍无人签收，已超时 "
                + t.missed().size() + " 次，请立即处理。\n" + t.residentName() + "：" + t.excerpt(80);
    }

    public String finishMissed(Ticket t, String supervisor) {
        return "【督办】工单 " + t.id() + "（" + catalog.nameOf(t.category()) + "）已超过办结时限（"
                + time(t.finishDue()) + "），负责人" + person(t.assignee()) + "。"
                + (supervisor.equals(t.assignee()) ? "" : "已抄送" + person(supervisor) + "。");
    }

    public String reassignedNotice(Ticket t, String by, String reason) {
        return "【改派】" + person(by) + "将工单 " + t.id() + "（" + catalog.nameOf(t.category()) + "）转给您"
                + (reason == null ? "" : "，理由：" + reason) + "。" + signHint(t) + "。\n" + where(t) + "\n"
                + t.residentName() + "：" + t.excerpt(120);
    }

    public String returnedNotice(Ticket t, String by, String reason) {
        return "【退单】" + person(by) + "退回工单 " + t.id() + "（" + catalog.nameOf(t.category()) + "）"
                + (reason == null ? "" : "，理由：" + reason) + "，请重新派单（转派 " + t.id() + " 姓名）或自行办理。"
                + signHint(t) + "。\n" + t.residentName() + "：" + t.excerpt(120);
    }

    public String supplementNotice(Ticket t, String text) {
        return "【补充】工单 " + t.id() + " 反映人补充：" + text;
    }

    public String lowRatingNotice(Ticket t, int stars) {
        return "【差评回访】工单 " + t.id() + "（" + catalog.nameOf(t.category()) + "，" + person(t.assignee()) + "办理）评价 "
                + stars + " 分，请回访了解情况。";
    }

    public String staffAck(String what, Ticket t) {
        return what + "：工单 " + t.id() + "，当前状态「" + t.state().label() + "」，负责人" + person(t.assignee()) + "。";
    }

    public String queue(List<Ticket> tickets) {
        if (tickets.isEmpty()) return "您目前没有待办工单。";
        StringBuilder b = new StringBuilder("您的待办工单（" + tickets.size() + "）：");
        for (Ticket t : tickets) {
            b.append("\n").append(t.id()).append(" ").append(catalog.nameOf(t.category())).append(" ").append(t.state().label())
                    .append(" ").append(matrix.gridName(t.grid()));
            if (t.state() == zhijian.ticket.TicketState.DISPATCHED) b.append(" 签收时限 ").append(time(t.signDue()));
            else b.append(" 办结时限 ").append(time(t.finishDue()));
        }
        return b.toString();
    }

    /** A channel's name as staff know it. */
    public static String channelName(String channel) {
        return switch (channel) {
            case "bridge" -> "个人微信群桥接";
            case "wecom_app" -> "企业微信应用消息";
            case "wecom_appchat" -> "企业微信群聊";
            case "wecom_robot" -> "企业微信群机器人";
            case "wecom_kf" -> "微信客服";
            case "wecom_customer_group" -> "企业微信客户群";
            case "wecom_aibot" -> "企业微信智能机器人";
            case "mp" -> "公众号";
            case "sim" -> "模拟器";
            default -> channel;
        };
    }

    public String deliveryFailed(String chat, String chatName, String why) {
        String name = chatName != null ? chatName
                : matrix.chat(chat).map(g -> g.isPrivate() ? "私聊：" + g.name() : g.name()).orElse("一个聊天");
        return "【发送失败】发往「" + name + "」的消息未能送达：" + why + "。请用电话或其他方式联系。";
    }

    public String channelDown(String channel, String why) {
        return "【通道中断】" + channelName(channel) + "不可用（" + why + "）。经它的群暂时收不到消息，恢复后会自动补发；"
                + "紧急通知请改用电话或其他群。";
    }

    public String channelUp(String channel) {
        return "【通道恢复】" + channelName(channel) + "已恢复，积压的消息正在补发。";
    }

    public static String noSuchTicket(String id) {
        return "没有找到工单 " + id + "，请核对工单号。";
    }

    public static String notYourTicket(String id) {
        return "工单 " + id + " 不是您反映的，无法查询。";
    }

    // ---- appointments ----

    public String booked(Appointment a, AppointmentPlan plan) {
        AppointmentPlan.Service s = plan.service(a.service()).orElseThrow();
        AppointmentPlan.Window w = plan.window(a.window()).orElseThrow();
        return "已为您预约：" + day(a.date()) + " " + a.time() + "，" + station().name() + w.name() + "（" + w.place() + "），"
                + s.name() + "。预约号 " + a.id() + "。\n请携带：" + s.bring() + "\n取消请回复「取消预约 " + a.id() + "」。";
    }

    public String alreadyBooked(Appointment a, AppointmentPlan plan) {
        return "您已经预约了" + describe(a, plan) + "。如需改时间，请先回复「取消预约 " + a.id() + "」再重新预约。";
    }

    public String describe(Appointment a, AppointmentPlan plan) {
        String service = plan.service(a.service()).map(AppointmentPlan.Service::name).orElse(a.service());
        String window = plan.window(a.window()).map(AppointmentPlan.Window::name).orElse(a.window());
        return day(a.date()) + " " + a.time() + " " + window + " " + service + "（预约号 " + a.id() + "）";
    }

    public String whichService(AppointmentPlan plan) {
        StringBuilder b = new StringBuilder("请问预约办理什么业务？可以预约：");
        for (int i = 0; i < plan.services().size(); i++) b.append(i == 0 ? "" : "、").append(plan.services().get(i).name());
        return b.append("。例如：「预约明天上午办身份证」。").toString();
    }

    public String noSlot(String why, zhijian.appointment.Slot alternative, AppointmentPlan.Service service) {
        String head = why == null ? "您要的时段已约满" : why;
        if (alternative == null) return head + "，近期也没有空位，请稍后再试或到窗口现场办理。";
        return head + "。最近可约：" + day(alternative.date()) + " " + alternative.time()
                + "，回复「预约 " + alternative.date().getMonthValue() + "月" + alternative.date().getDayOfMonth() + "日 "
                + alternative.time() + " " + service.name() + "」即可。";
    }

    public String appointmentList(List<Appointment> list, AppointmentPlan plan) {
        if (list.isEmpty()) return "您目前没有预约。";
        StringBuilder b = new StringBuilder("您的预约：");
        for (Appointment a : list) b.append("\n").append(describe(a, plan));
        return b.append("\n取消请回复「取消预约 预约号」。").toString();
    }

    public String cancelled(Appointment a, AppointmentPlan plan) {
        return "已取消预约：" + describe(a, plan) + "。";
    }

    public String whichToCancel(List<Appointment> list, AppointmentPlan plan) {
        return "您有多个预约，请回复「取消预约 预约号」：" + appointmentList(list, plan).substring("您的预约：".length());
    }

    public static String noSuchAppointment(String id) {
        return id == null ? "您目前没有可以取消的预约。" : "没有找到您的预约 " + id + "。";
    }

    public String reminder(Appointment a, AppointmentPlan plan) {
        String bring = plan.service(a.service()).map(AppointmentPlan.Service::bring).orElse("");
        return "【预约提醒】您预约了" + describe(a, plan) + "，地点：" + station().name()
                + plan.window(a.window()).map(w -> w.name() + "（" + w.place() + "）").orElse("") + "。"
                + (bring.isEmpty() ? "" : "请携带：" + bring + "。") + "如不能前来，请回复「取消预约 " + a.id() + "」。";
    }
}
