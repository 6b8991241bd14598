package zhijian.text;

import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastLedger;
import zhijian.broadcast.BroadcastPolicy;
import zhijian.broadcast.Clue;
import zhijian.broadcast.TargetStatus;
import zhijian.catalog.Catalog;
import zhijian.catalog.Direction;
import zhijian.catalog.ServiceItem;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** What the bot says about broadcasts: to publishers, to the groups, to the officers reminded. */
public final class BroadcastTexts {
    private static final int LIST_MAX = 8;

    private final Matrix matrix;
    private final Catalog catalog;
    private final Texts texts;

    public BroadcastTexts(Matrix matrix, Catalog catalog) {
        this.matrix = matrix;
        this.catalog = catalog;
        this.texts = new Texts(matrix, catalog);
    }

    // ---- what the groups read

    /** The header of a group's copy: 【反诈预警】阿扎乡派出所, 【寻人·更正】…, 【寻人·撤销】…. */
    public String title(Broadcast b, Broadcast.Wave.Kind kind) {
        String suffix = kind == Broadcast.Wave.Kind.ALERT ? "" : "·" + kind.label();
        return "【" + b.word() + suffix + "】" + matrix.station().name();
    }

    /** The body of an Alert in a group. */
    public String alertBody(Broadcast b, String text, BroadcastPolicy policy) {
        StringBuilder s = new StringBuilder(text.strip());
        s.append("\n\n（").append(texts.time(b.sentAt() == null ? b.createdAt() : b.sentAt())).append(" 发布，编号 ")
                .append(b.id()).append("）");
        if (b.missingPerson()) {
            s.append("\n如有线索，请直接在群里说，或拨打 110。");
        }
        if (b.urgent()) {
            s.append("\n请群管理员回复「").append(policy.ackWords().get(0)).append("」。");
        }
        return s.toString();
    }

    /** An Alert widened to the county (the tier-1 group, county heads): a request to help look. */
    public String countyBody(Broadcast b, String text) {
        return "【协查】" + matrix.station().name() + "寻人，已扩大到县局，请协助查找：\n" + text.strip()
                + "\n\n（" + texts.time(b.sentAt()) + " 发布，编号 " + b.id() + "；办案民警 " + texts.person(b.publisher())
                + "。有线索请直接联系办案民警。）";
    }

    public String updateBody(Broadcast b, String text) {
        return "对 " + texts.time(b.sentAt()) + " 发布的通知（" + b.id() + "）更正如下，以此为准：\n" + text.strip();
    }

    public String cancelBody(Broadcast b, String note) {
        return texts.time(b.sentAt()) + " 发布的「" + b.word() + "」通知（" + b.id() + "）现已撤销，请不要再转发。"
                + (note == null ? "" : "\n" + note.strip());
    }

    public String foundBody(Broadcast b, String note) {
        return texts.time(b.sentAt()) + " 发布的寻人启事（" + b.id() + "）：人已找到，感谢大家的关心和帮助！此前的寻人信息请不要再转发。"
                + (note == null ? "" : "\n" + note.strip());
    }

    // ---- to the publisher

    public String notAllowed() {
        return "您没有发布权限。需要发布通知请联系派出所民警。";
    }

    public String onlyFromTier1() {
        return "发布请在一级群或私聊" + matrix.station().botName() + "里进行，不在二级群里发布。";
    }

    public String unknownCategory(String word) {
        StringJoiner j = new StringJoiner("、");
        for (ServiceItem i : catalog.items()) if (i.direction() == Direction.OUT) j.add(i.name());
        return "不认识的发布类别「" + word + "」。可以发布的类别：" + j + "。";
    }

    public String noTargets(String scope) {
        return "范围「" + scope + "」里没有可以发送的二级群，没有发布。";
    }

    public String preview(Broadcast b, List<Group> targets, Duration valid) {
        StringBuilder s = new StringBuilder("【发布预览】").append(b.id()).append('\n');
        s.append("类别：").append(categoryLine(b)).append('\n');
        s.append("范围：").append(b.scope().label()).append(" → ").append(reach(targets)).append('\n');
        s.append("有效期：").append(Durations.chinese(Duration.between(b.createdAt(), b.expiresAt()))).append('\n');
        s.append("内容：").append(Texts.quote(b.text(), 80)).append('\n');
        s.append(notes(targets));
        s.append("确认发出请回复「确认 ").append(b.id()).append("」，不发请回复「取消 ").append(b.id()).append("」。")
                .append("预览 ").append(Durations.chinese(valid)).append("内有效。");
        return s.toString();
    }

    /** An urgent category went out at once. */
    public String sentAtOnce(Broadcast b, List<Group> targets, BroadcastPolicy policy) {
        StringBuilder s = new StringBuilder("【已发出】").append(b.id()).append("（").append(b.word())
                .append("属于紧急类别，不需确认）\n");
        s.append("类别：").append(categoryLine(b)).append('\n');
        s.append("范围：").append(b.scope().label()).append(" → ").append(reach(targets)).append('\n');
        s.append(notes(targets));
        if (b.missingPerson() && !policy.widen().isEmpty()) {
            s.append("没有「已找到」的话：");
            StringJoiner j = new StringJoiner("；");
            for (BroadcastPolicy.Widening w : policy.widen()) {
                j.add(Durations.chinese(w.after()) + "后扩大到" + w.to().label());
            }
            s.append(j).append("。\n");
        }
        s.append(commands(b));
        return s.toString();
    }

    public String confirmed(Broadcast b, List<Group> targets) {
        return "【开始发送】" + b.id() + " " + b.word() + " → " + reach(targets) + "。\n" + commands(b);
    }

    private String commands(Broadcast b) {
        return "查看送达回复「进度 " + b.id() + "」；" + (b.missingPerson() ? "找到后回复「已找到 " + b.id() + "」；" : "")
                + "要更正回复「更正 " + b.id() + " 新内容」；要撤销回复「取消 " + b.id() + "」。";
    }

    public String discarded(Broadcast b) {
        return "已作废 " + b.id() + "，没有发出。";
    }

    public String cancelling(Broadcast b) {
        return "已撤销 " + b.id() + "：撤销通知正发往此前已经发出的群；还在排队、没发出的不再发送。发送完成后私聊告诉您结果。";
    }

    public String updating(Broadcast b) {
        return "更正正发往 " + b.id() + " 此前发过的群（还在排队的原通知不再发，直接发更正后的内容）。发送完成后私聊告诉您结果。";
    }

    public String found(Broadcast b, int clues) {
        return "寻人 " + b.id() + " 已结案：「人已找到」正发往此前已经发出的群，还在排队的寻人信息不再发送。"
                + "本案共收到线索 " + clues + " 条。";
    }

    /** After an officer's 收到 B-…: the groups now acknowledged. */
    public String acknowledged(Broadcast b, List<String> chats) {
        if (chats.isEmpty()) return b.id() + " 没有需要您确认收到的群（您管理的群都已确认，或还没有送达）。";
        return "已记下 " + b.id() + " 在这些群已收到：" + names(chats) + "。";
    }

    public String noSuchBroadcast(String id) {
        return "没有找到发布 " + id + "，请核对编号。";
    }

    public String notYours(Broadcast b) {
        return b.id() + " 是" + texts.person(b.publisher()) + "发布的，只有发布人或所长可以确认、更正或撤销。";
    }

    public String notPreview(Broadcast b) {
        return b.id() + " " + (b.state() == Broadcast.State.ACTIVE ? "已经发出了" : "已" + b.state().label().replace("已", "")) + "，不需要再确认。";
    }

    public String previewNotUpdatable(Broadcast b) {
        return b.id() + " 还没有发出，不能更正：请回复「取消 " + b.id() + "」后重新发布，或先「确认 " + b.id() + "」再更正。";
    }

    public String previewLapsed(Broadcast b, Duration valid) {
        return "【预览已过期】" + b.id() + " " + b.word() + " 的预览 " + Durations.chinese(valid) + "内没有确认，已作废、没有发出。"
                + "如仍需要，请重新发布。";
    }

    public String notActive(Broadcast b) {
        return b.id() + " 现在是「" + b.state().label() + "」状态，不能再更正或撤销。";
    }

    public String previewExpired(Broadcast b, Duration valid) {
        return b.id() + " 的预览已超过 " + Durations.chinese(valid) + "，请重新发布。";
    }

    public String notMissingPerson(Broadcast b) {
        return b.id() + " 不是寻人启事。要撤销请回复「取消 " + b.id() + "」。";
    }

    /** A bare 已找到: which case (closing one tells every group it reached, so the number is asked for). */
    public String whichCase(List<Broadcast> open) {
        if (open.isEmpty()) return "您没有正在进行的寻人。结案请回复「已找到 编号」。";
        StringJoiner j = new StringJoiner("\n");
        for (Broadcast b : open) j.add(b.id() + " " + Texts.quote(b.currentText(), 20));
        return "结案会通知所有发过的群，请带上编号回复「已找到 编号 [说明]」。您正在进行的寻人：\n" + j;
    }

    public String onlyPolice() {
        return "只有民警可以查看或确认发布。";
    }

    public String progress(Broadcast b, BroadcastLedger ledger) {
        StringBuilder s = new StringBuilder("【发布进度】").append(b.id()).append(' ').append(b.word()).append(" · ")
                .append(b.state().label()).append('\n');
        if (b.sentAt() == null) {
            s.append("还没有发出（预览）。回复「确认 ").append(b.id()).append("」发出。");
            return s.toString();
        }
        s.append("发布：").append(texts.time(b.sentAt())).append(" ").append(texts.person(b.publisher()))
                .append("，范围 ").append(b.scope().label()).append('\n');
        for (Broadcast.Wave w : b.waves()) s.append(waveLine(w, ledger)).append('\n');
        List<String> addressed = groupsOnly(b.addressed());
        if (!addressed.isEmpty()) {
            List<String> silent = new ArrayList<>();
            for (String chat : addressed) if (!ledger.acks().containsKey(chat)) silent.add(chat);
            s.append("已回复收到：").append(addressed.size() - silent.size()).append('/').append(addressed.size());
            if (!silent.isEmpty() && silent.size() <= LIST_MAX) s.append("（未回复：").append(names(silent)).append("）");
            s.append('\n');
        }
        if (b.missingPerson()) s.append("线索：").append(ledger.clues().size()).append(" 条\n");
        return s.toString().strip();
    }

    /** When every chat of a wave is done. */
    public String waveDone(Broadcast b, Broadcast.Wave w, BroadcastLedger ledger) {
        return "【发送完成】" + b.id() + " " + b.word() + "\n" + waveLine(w, ledger);
    }

    private String waveLine(Broadcast.Wave w, BroadcastLedger ledger) {
        BroadcastLedger.Counts c = ledger.counts(w);
        StringBuilder s = new StringBuilder("第").append(w.n()).append("批 ").append(w.kind().label());
        if (w.reason() != null) s.append("（").append(w.reason()).append("）");
        s.append(' ').append(c.total()).append(" 个：");
        StringJoiner j = new StringJoiner("，");
        for (TargetStatus st : TargetStatus.values()) {
            int n = c.of(st);
            if (n > 0) j.add(st.label() + " " + n);
        }
        s.append(j);
        Duration t90 = ledger.t90().get(w.n());
        if (t90 != null) s.append("；90% 送达用时 ").append(Durations.chinese(t90));
        List<String> failed = ledger.chatsIn(w, TargetStatus.FAILED, TargetStatus.NO_CHANNEL, TargetStatus.UNREACHABLE);
        if (!failed.isEmpty()) {
            s.append("\n未送达：");
            StringJoiner f = new StringJoiner("；");
            for (String chat : failed.subList(0, Math.min(LIST_MAX, failed.size()))) {
                BroadcastLedger.Line l = ledger.line(w.n(), chat);
                f.add(name(chat) + "（" + l.status().label() + (l.error() == null ? "" : "：" + l.error()) + "）");
            }
            s.append(f);
            if (failed.size() > LIST_MAX) s.append(" 等 ").append(failed.size()).append(" 个");
        }
        return s.toString();
    }

    /**
     * @param silent      groups that have it and have not said 收到
     * @param unconfirmed customer groups whose copy waits for the officer (their owner) to confirm it in WeCom
     */
    public String ackReminder(Broadcast b, List<String> silent, List<String> unconfirmed, Duration after) {
        StringBuilder s = new StringBuilder("【请确认收到】").append(texts.time(b.sentAt())).append(" 发布的").append(b.word())
                .append("（").append(b.id()).append("）已发出 ").append(Durations.chinese(after)).append("。");
        if (!silent.isEmpty()) {
            s.append("您管理的这些群还没有回复「收到」：").append(names(silent)).append("。请到群里看一下，提醒大家注意，并回复「收到」。");
        }
        if (!unconfirmed.isEmpty()) {
            s.append("这些客户群的群发还在等您在企业微信里确认发送，群里的人还看不到：").append(names(unconfirmed))
                    .append("。请打开企业微信「客户群群发」确认。");
        }
        if (silent.stream().anyMatch(c -> matrix.chat(c).map(g -> g.channel().equals("bridge")).orElse(false))) {
            s.append("个人微信群里的「收到」网关认不出是谁说的：在群里提醒后，请直接回复我「收到 ").append(b.id()).append("」。");
        }
        return s.toString();
    }

    public String ackSummary(Broadcast b, List<String> silent, List<String> officers) {
        StringJoiner who = new StringJoiner("、");
        for (String o : officers) who.add(texts.person(o));
        return "【确认情况】" + b.id() + " " + b.word() + "：" + silent.size() + " 个群还没有回复「收到」（" + names(silent)
                + "），已提醒" + who + "。";
    }

    public String widened(Broadcast b, BroadcastPolicy.Widening w, int added) {
        return "【扩大范围】寻人 " + b.id() + " 发出已 " + Durations.chinese(w.after()) + " 仍未找到，已扩大到"
                + w.to().label() + (added > 0 ? "（新增 " + added + " 个）" : "（没有新增的群）")
                + "。找到后请回复「已找到 " + b.id() + "」。";
    }

    public String clueNotice(Broadcast b, Clue c) {
        return "【寻人线索】" + b.id() + "\n群：" + name(c.chat()) + "\n时间：" + texts.time(c.at()) + "\n来自：" + c.fromName()
                + "\n原话：" + Texts.quote(c.text(), 200) + "\n请尽快核实；找到后回复「已找到 " + b.id() + "」。";
    }

    public String clueThanks() {
        return "谢谢您提供的情况，已转给负责的民警，民警可能会联系您。";
    }

    public String expired(Broadcast b) {
        return "【已过期】" + b.id() + " " + b.word() + " 已到有效期，不再提醒确认" + (b.missingPerson() ? "、不再收集线索" : "")
                + "。如仍需要，请重新发布。";
    }

    public String help() {
        return "发布指令（民警）：\n发布【类别】范围：内容（如「发布【反诈预警】全乡：…」「发布【寻人】章达村 阿扎乡小学：…」）\n"
                + "确认 编号 / 取消 编号 / 更正 编号 新内容 / 进度 编号 / 已找到 编号 / 收到 编号（替您管理的群确认收到）";
    }

    // ---- helpers

    private String categoryLine(Broadcast b) {
        return b.word() + (b.word().equals(catalog.nameOf(b.category())) ? "" : "（" + catalog.nameOf(b.category()) + "）")
                + "，" + b.severity().label();
    }

    /** 14 个群（个人微信群桥接 12，企业微信客户群 2）. */
    private String reach(List<Group> targets) {
        Map<String, Integer> by = zhijian.broadcast.FanoutPlanner.byChannel(targets);
        StringJoiner j = new StringJoiner("，");
        by.forEach((ch, n) -> j.add(Texts.channelName(ch) + " " + n));
        return targets.size() + " 个" + (targets.stream().allMatch(g -> !g.isPrivate()) ? "群" : "群或联系人") + "（" + j + "）";
    }

    private String notes(List<Group> targets) {
        StringBuilder s = new StringBuilder();
        long customer = targets.stream().filter(g -> g.channel().equals("wecom_customer_group")).count();
        if (customer > 0) s.append("注意：").append(customer).append(" 个企业微信客户群需要群主在企业微信里点确认才会发出。\n");
        List<String> cannot = targets.stream().filter(g -> !zhijian.matrix.Channels.canPost(g.channel())).map(Group::id).toList();
        if (!cannot.isEmpty()) s.append("注意：").append(names(cannot)).append(" 的通道只能回复、不能主动发送，这些群收不到。\n");
        return s.toString();
    }

    private List<String> groupsOnly(List<String> chats) {
        return chats.stream().filter(c -> !c.startsWith(Group.PRIVATE_PREFIX))
                .filter(c -> matrix.chat(c).map(g -> g.tier() == zhijian.matrix.Tier.LANDING).orElse(false)).toList();
    }

    public String name(String chat) {
        return matrix.chat(chat).map(g -> g.isPrivate() ? "私聊：" + g.name() : g.name()).orElse(chat);
    }

    public String names(List<String> chats) {
        StringJoiner j = new StringJoiner("、");
        for (String c : chats.subList(0, Math.min(LIST_MAX, chats.size()))) j.add(name(c));
        return j + (chats.size() > LIST_MAX ? " 等 " + chats.size() + " 个" : "");
    }

    public String time(Instant at) {
        return texts.time(at);
    }
}
