package zhijian.fraud;

import org.junit.jupiter.api.Test;
import zhijian.dispatch.FraudScreen;
import zhijian.eval.Tsv;
import zhijian.testing.RealSeeds;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector over the real seeds: every scam family caught, warnings, notices and ordinary talk let be, and what
 * officers' verdicts add. {@code seeds/examples/fraud-check.tsv} is hand-written and was not used to learn the
 * n-gram weights (those come from {@code fraud-chat.tsv} and {@code fraud-holdout.tsv}), so it shows what the
 * detector does with messages it has not seen.
 */
class FraudDetectorTest {
    private static final FraudDetector DETECTOR = new FraudDetector(RealSeeds.get().rules().fraud());
    private static final Set<String> FAMILIES = Set.of("shuadan", "kefu", "gongjianfa", "touzi", "daikuan", "shuren",
            "youxi", "zhongjiang", "pingmu");

    private static List<Tsv.Row> checkSet() throws IOException {
        return Tsv.read(RealSeeds.dir().resolve("examples/fraud-check.tsv"));
    }

    private static FraudVerdict check(String text) {
        return DETECTOR.check(text);
    }

    @Test
    void everyFamily_isCaughtOnUnseenHandWrittenScams_andMostlyNamedRight() throws IOException {
        Map<String, int[]> byFamily = new TreeMap<>();   // family → {rows, caught, named right}
        for (Tsv.Row r : checkSet()) {
            if (!r.label().equals("fraud")) continue;
            String family = r.source().replaceFirst(".*family=", "");
            int[] c = byFamily.computeIfAbsent(family, f -> new int[3]);
            c[0]++;
            FraudVerdict v = check(r.text());
            if (v.flagged()) c[1]++;
            if (v.flagged() && family.equals(v.family())) c[2]++;
        }
        assertEquals(FAMILIES, byFamily.keySet(), "the check set covers all nine families");
        int rows = 0, named = 0, caught = 0;
        for (var e : byFamily.entrySet()) {
            int[] c = e.getValue();
            assertTrue(c[1] >= 0.75 * c[0], e.getKey() + ": caught " + c[1] + " of " + c[0]);
            rows += c[0];
            caught += c[1];
            named += c[2];
        }
        assertTrue(caught >= 0.85 * rows, "caught " + caught + " of " + rows);
        // the advice the group gets is the family's: most caught scams must be named as the family they are
        assertTrue(named >= 0.7 * caught, "named right " + named + " of " + caught);
    }

    @Test
    void policeWarnings_bankNotices_andOrdinaryChat_areNotWarnedAbout_onUnseenExamples() throws IOException {
        var classifier = RealSeeds.get().rules().classifier();
        int warnings = 0, warningsFlagged = 0, other = 0, otherFlagged = 0;
        for (Tsv.Row r : checkSet()) {
            if (!r.label().equals("normal")) continue;
            boolean flagged = FraudScreen.warns(check(r.text()), r.text(), classifier);
            if (r.source().contains("antifraud_warning_hard_negative")) {
                warnings++;
                if (flagged) warningsFlagged++;
            } else {
                other++;
                if (flagged) otherFlagged++;
            }
        }
        assertTrue(warnings >= 30 && other >= 60, "the check set has warnings and ordinary messages");
        // at most one police warning in 40 would bring a wrong alarm after a broadcast: the issue allows 3%
        assertTrue(warningsFlagged <= 0.03 * warnings, warningsFlagged + " of " + warnings + " warnings flagged");
        assertTrue(otherFlagged <= 0.03 * other, otherFlagged + " of " + other + " ordinary messages flagged");
    }

    @Test
    void aWarningFullOfScamWords_isRecognisedAsAWarning() {
        for (String w : List.of(
                "【警方提醒】凡是让你刷单返利、垫付任务款的都是诈骗！不要转账，不要点陌生链接，不要下载陌生APP。",
                "民警提示：公检法机关不会通过电话办案，更没有什么“安全账户”，让你转账到安全账户的都是诈骗，请立即挂断。",
                "阿扎乡派出所提醒：近期有人冒充客服说快递丢了要理赔，让加QQ、开屏幕共享，这些都是骗子，接到请拨96110。")) {
            FraudVerdict v = check(w);
            assertFalse(v.flagged(), w);
            assertTrue(v.warning(), "read as a warning: " + w);
        }
    }

    @Test
    void eachScamScript_isCaught_withItsFamily() {
        Map<String, String> scams = Map.of(
                "shuadan", "在家动动手指就能赚钱，抖音点赞一单3元，日结，做满五单返佣金，加导师微信 dz8876kk 领任务",
                "kefu", "您好，我是快递理赔专员，您的包裹在运输中丢失，我们给您三倍赔偿，请加QQ 2873641952 办理退款",
                "gongjianfa", "这里是市公安局刑侦支队，你涉嫌一起洗钱案，名下银行卡被冻结，需要把资金转到安全账户配合调查，不要告诉家人",
                "touzi", "老师带单稳赚不赔，内部消息荐股群，今天拉你进群，跟着操作收益翻倍 https://gp-vip888.top/join",
                "daikuan", "无抵押贷款秒到账，征信不好也能办，先交2000元保证金解冻，联系 17688812345",
                "shuren", "我是你们王局长，这是我新号，先存一下。我这边有个急事，需要你先帮我转两万给一个朋友，别告诉别人",
                "youxi", "低价出王者荣耀满级账号，全皮肤，先付定金300，我把账号密码发你，私聊QQ 1938475620",
                "zhongjiang", "【积分兑换】您的话费积分8600即将清零，可兑换现金，立即登录 http://10086-jf.icu/dh 领取",
                "pingmu", "为了给您办理退款，请下载会议软件加入会议，会议号 883 271 665，打开屏幕共享，按我说的操作");
        for (var e : scams.entrySet()) {
            FraudVerdict v = check(e.getValue());
            assertTrue(v.flagged(), e.getKey() + " not caught: " + v);
            assertEquals(e.getKey(), v.family(), e.getValue());
            assertFalse(v.why().isEmpty(), "the officer is told why");
        }
    }

    @Test
    void oneSignal_isNotEnough() {
        for (String t : List.of(
                "我的新电话 13889012345，有事打这个",
                "村里的收割视频看这个 http://zangxiang-video.cn/v/88",
                "青稞一斤3块5，要的联系我",
                "明天九点前把医保钱交给村会计，一人380元",
                "赶紧的，车马上就开了")) {
            assertFalse(check(t).flagged(), t);
        }
    }

    @Test
    void placeholdersAndRealLinksOrNumbers_areReadAlike() {
        String real = "恭喜您获得积分兑换资格，请于今日内登录 http://jf-duihuan.top/a8 领取现金礼包，逾期作废，详询 17012345678";
        String placeholders = "恭喜您获得积分兑换资格，请于今日内登录 URL 领取现金礼包，逾期作废，详询 DIGIT";
        FraudVerdict a = check(real), b = check(placeholders);
        assertEquals(a.flagged(), b.flagged());
        assertEquals(a.family(), b.family());
        assertTrue(Math.abs(a.score() - b.score()) <= 2, a.score() + " vs " + b.score());
    }

    @Test
    void linksAndNumbers_areCollected_forTheBlockList() {
        FraudVerdict v = check("刷单返利，日结佣金，点击 https://t.cn/AbC12 下载，或者加QQ 2873641952，电话 176-8881-2345");
        assertTrue(v.flagged());
        assertTrue(v.links().contains("t.cn"), v.links().toString());
        assertTrue(v.numbers().containsAll(List.of("2873641952", "17688812345")), v.numbers().toString());
    }

    @Test
    void aConfirmedScamsLink_isCaughtAgain_inAMessageWithNoScamWords() {
        String reworded = "大家看看这个挺好玩的 http://jz-task.top/x9";
        assertFalse(check(reworded).flagged(), "on its own words it is nothing");
        FraudLists lists = new FraudLists(Map.of("jz-task.top", "shuadan"), Map.of(), Map.of(), Set.of(), Set.of());
        FraudVerdict v = new FraudModel(DETECTOR, lists).check(reworded, "r-sonam");
        assertTrue(v.flagged());
        assertTrue(v.blocked());
        assertEquals("shuadan", v.family());
    }

    @Test
    void aPoliceWarningNamingAConfirmedNumber_staysAWarning() {
        FraudLists lists = new FraudLists(Map.of("jz-task.top", "shuadan"), Map.of("17688812345", "shuadan"), Map.of(),
                Set.of(), Set.of());
        String warning = "警方提醒：近期有人用 17688812345 和 http://jz-task.top 拉人刷单，凡是刷单返利的都是诈骗，不要转账";
        FraudVerdict v = new FraudModel(DETECTOR, lists).check(warning, "r-lhakpa");
        assertFalse(v.flagged(), v.toString());
        assertTrue(v.warning());
    }

    @Test
    void aNoticeThatOnlyMentionsThePolice_isNeitherAScamNorAWarning() {
        FraudVerdict v = check("明天上午派出所的民警来村委会开会，讲冬季防火");
        assertFalse(v.flagged());
        assertFalse(v.warning(), "a meeting notice is not an anti-fraud warning");
    }

    @Test
    void aConfirmedScamsNumberOrSender_isCaughtAgain() {
        String reworded = "有事找我，电话 17688812345";
        FraudLists numbers = new FraudLists(Map.of(), Map.of("17688812345", "daikuan"), Map.of(), Set.of(), Set.of());
        assertTrue(new FraudModel(DETECTOR, numbers).check(reworded, "r-x").flagged());
        FraudLists senders = new FraudLists(Map.of(), Map.of(), Map.of("r-x", "shuren"), Set.of(), Set.of());
        assertTrue(new FraudModel(DETECTOR, senders).check("在吗", "r-x").flagged());
        assertFalse(new FraudModel(DETECTOR, senders).check("在吗", "r-y").flagged());
    }

    @Test
    void aFalseAlarm_isNotRepeated_evenWithOtherSpacingOrPunctuation() {
        String scamLike = "兼职点赞，一单3元，日结，加微信 dz8876kk";
        assertTrue(check(scamLike).flagged());
        FraudLists allowed = new FraudLists(Map.of(), Map.of(), Map.of(), Set.of(FraudLists.fingerprint(scamLike)), Set.of());
        FraudModel model = new FraudModel(DETECTOR, allowed);
        assertFalse(model.check(scamLike, "r-a").flagged());
        assertFalse(model.check("兼职点赞 一单３元 日结！加微信dz8876kk", "r-b").flagged());
        assertTrue(model.check("兼职点赞，一单5元，日结，加微信 dz8876kk", "r-b").flagged(), "a different message still is");
    }

    @Test
    void aResidentsClearRequest_flaggedOnlyForSoundingScripted_isNotWarnedAbout() {
        var classifier = RealSeeds.get().rules().classifier();
        for (String t : List.of("县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下",
                "老张，上个月那趟货运费还差1200没给我，你看这周方便结一下不？",
                "我们班一个学生放学后一直没回家，到处找不到人了！")) {
            assertFalse(FraudScreen.warns(check(t), t, classifier), t);
        }
        String scam = "您好，我是快递理赔专员，您的包裹在运输中丢失，我们给您三倍赔偿，请加QQ 2873641952 办理退款";
        assertTrue(FraudScreen.warns(check(scam), scam, classifier));
    }

    @Test
    void wordsAddedToAFamily_areMatched() {
        FraudRules base = RealSeeds.get().rules().fraud();
        String t = "这周的神龟口令发群里了 http://sg-fx.top/a";
        assertFalse(new FraudDetector(base).check(t).flagged());
        FraudDetector extended = new FraudDetector(base.withExtraTerms(Map.of("zhongjiang", Map.of("神龟口令", 8))));
        FraudVerdict v = extended.check(t);
        assertTrue(v.flagged(), v.toString());
        assertEquals("zhongjiang", v.family());
        assertEquals(DETECTOR.patterns() + 1, extended.patterns());
    }
}
