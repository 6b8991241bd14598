package zhijian.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Random and adversarial chat texts from a seeded generator: real command words and ids (well and badly formed)
 * mixed with full-width punctuation, emoji, control and invisible characters, lone surrogates, digits, residents'
 * words and long runs. The same seed gives the same texts, so a failure can be replayed from its seed.
 */
final class RandomText {
    /** The seed of a run: {@code -Dzj.fuzz.seed=…} replays one; otherwise a fixed one, so CI is repeatable. */
    static long seed() {
        String s = System.getProperty("zj.fuzz.seed");
        return s == null || s.isBlank() ? 20261122L : Long.parseLong(s.strip());
    }

    private static final List<String> WORDS = List.of(
            "发布", "【", "】", "发布【防火提示】全乡：", "发布【寻人寻物】章达村：", "发布【】：", "发布【反诈预警】",
            "签收", "接单", "回复", "转派", "改派", "给", "退单", "办结", "结案", "查询", "查", "进度", "补充",
            "确认", "确定", "取消", "撤销", "更正", "更新", "收到", "已收到", "已找到", "人已找到", "确认诈骗", "误报", "不是诈骗",
            "预约", "我的预约", "取消预约", "我要取消预约", "帮助", "菜单", "help", "?", "？", "控制台", "登录控制台", "重置密码",
            "工单", "我的工单", "待办", "评价", "打分", "五星", "很满意", "差评", "分", "星",
            "这是诈骗吗", "是不是骗子", "请问", "帮我看看", "是骗局吗？", "骗钱的",
            "救命", "报警", "打架", "着火了", "我要举报", "赌博", "吸毒", "电线杆倒了", "牦牛", "青稞", "欠我运费", "调解",
            "办身份证要带什么", "户口迁移", "驾照", "明天上午", "后天下午3点", "下周一", "周三", "11月30日", "今天", "9点半",
            "全乡", "章达村", "阿扎村", "德吉村", "村群", "企业群", "家长群", "场所群", "除了", "和", "、",
            "扎西", "p-tashi", "v-zd-gw", "r-ciren", "@指尖服务", "@指尖服务\u2005",
            "转账", "验证码", "刷单", "返利", "http://t.cn/abc", "https://x.example/a?b=c", "QQ 12345678",
            "13912345678", "54012219900101123X", "¥3000", "3,000元", "１２３",
            "AZ-20261122-0001", "az-20261122-0007", "AZY-20261122-0003", "B-20261122-0001", "b-20261122-0002",
            "F-20261122-0001", "f-20261122-0009", "AZ-2026112-0001", "AZ-20261122-1", "AZ-20261122-0000001",
            "ABCDEFG-20261122-0001", "B-99999999-999999", "F--", "-", "--", "T-1");
    private static final String PUNCT = "：:，,。.！!？?【】「」『』（）()《》、；;～~…—-_/\\|\"'`*#%&+=<>[]{}^$@";
    private static final List<String> ODD = List.of(
            "😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "\uD800", "\uDC00", "\uFFFD", "\uFEFF", "\u200B", "\u200D", "\u202E", "\u2005",
            "\u3000", "\u00A0", "\u0000", "\u0007", "\u001B[31m", "\r", "\n", "\r\n", "\t", "\u000B", "\u2028", "\u0085",
            "ｅ", "Ａ", "ｄｅ", "㈠", "①", "Ⅳ", "五", "四", "三", "二", "一", "零", "〇", "%s", "%n", "${x}", "'; DROP TABLE t;--",
            "<script>", "&amp;", "\\u0000", "ё", "ß", "İ", "ﬀ", "ཀ", "ལ་", "མ", "ء", "א");

    private final Random random;

    RandomText(long seed) {
        this.random = new Random(seed);
    }

    /** One text: mostly short chat lines, sometimes long, sometimes a run of one piece. */
    String next() {
        int shape = random.nextInt(20);
        if (shape == 0) return "";
        if (shape == 1) return piece().repeat(1 + random.nextInt(400));
        int parts = shape == 2 ? 200 + random.nextInt(600) : 1 + random.nextInt(8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            b.append(piece());
            if (random.nextInt(4) == 0) b.append(random.nextBoolean() ? " " : "\u3000");
        }
        return b.length() > 4000 ? b.substring(0, 4000) : b.toString();
    }

    private String piece() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> WORDS.get(random.nextInt(WORDS.size()));
            case 4 -> String.valueOf(PUNCT.charAt(random.nextInt(PUNCT.length())));
            case 5 -> ODD.get(random.nextInt(ODD.size()));
            case 6 -> String.valueOf(random.nextInt(10_000_000));
            case 7 -> String.valueOf((char) (0x4E00 + random.nextInt(0x9FA5 - 0x4E00)));
            case 8 -> String.valueOf((char) random.nextInt(0x10000));
            default -> String.valueOf((char) (' ' + random.nextInt(95)));
        };
    }
}
