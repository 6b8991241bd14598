package zhijian.intent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zhijian.testing.RealSeeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table-driven over the real {@code seeds/lexicon.yaml}: the messages of the seed stories and their neighbours. */
class IntentClassifierTest {
    private final IntentClassifier classifier = RealSeeds.get().rules().classifier();

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "办身份证要带什么                                         | CONSULT     | -",
            "请问新生儿上户口需要什么材料                             | CONSULT     | -",
            "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下   | DISPUTE     | -",
            "邻居家的牦牛把我家青稞吃了一大片，他还不认账             | DISPUTE     | -",
            "我们班一个学生放学后一直没回家，到处找不到人了！         | EMERGENCY   | missing",
            "救命！村头房子着火了                                     | EMERGENCY   | fire",
            "有人在桥上说不想活了要跳河                               | EMERGENCY   | suicide",
            "我要举报，村东头有人聚众赌博                             | REPORT      | -",
            "我有个线索，寻人启事上那个人我在服务区见过               | REPORT      | clue",
            "村口电线杆倒了，电线垂到路上，太危险了                   | HAZARD      | -",
            "预约明天上午办身份证                                     | APPOINTMENT | -",
            "我反映的事怎么样了                                       | STATUS      | -",
            "哈哈今天天气真好                                         | OTHER       | -",
            "收到                                                     | OTHER       | -",
            "谢谢扎西警官                                             | OTHER       | -",
    })
    void classifies(String text, Intent intent, String kind) {
        Classification c = classifier.classify(text);
        assertEquals(intent, c.intent(), () -> "scores " + c.scores() + " matched " + c.matched());
        if (kind != null) assertEquals(kind, c.kind());
    }

    @Test
    void storyRequests_areClearEnoughToActOnWithoutAnAtMention() {
        for (String s : new String[]{"我们班一个学生放学后一直没回家，到处找不到人了！", "我要举报，村东头有人聚众赌博",
                "县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下"}) {
            assertTrue(classifier.classify(s).clear(), s);
        }
    }

    @Test
    void jokes_withRequestWords_areNotClearRequests() {
        Classification c = classifier.classify("哈哈哈电视剧里那个人着火了笑死我了");
        assertFalse(c.clear() && c.intent() == Intent.EMERGENCY, () -> "scores " + c.scores());
    }

    @Test
    void fullWidthAndSpaces_doNotMatter() {
        assertEquals(classifier.classify("办身份证要带什么").intent(), classifier.classify("办 身 份 证 要 带 什 么 ？").intent());
    }
}
