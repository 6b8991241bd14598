package zhijian.faq;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zhijian.testing.RealSeeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FaqTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "办身份证要带什么             | idcard",
            "身份证丢了怎么补办           | idcard-lost",
            "身份证过期了去哪换           | idcard-renew",
            "孩子16岁了第一次办身份证     | idcard-first",
            "急用，临时身份证怎么办       | idcard-temp",
            "孩子刚出生怎么上户口         | newborn",
            "户口迁到县城要什么手续       | hukou-move",
            "无犯罪记录证明在哪开         | no-crime",
            "居住证怎么办                 | residence-permit",
            "派出所几点上班               | hours",
            "我家牦牛丢了                 | -",
    })
    void answers(String question, String expected) {
        Faq faq = RealSeeds.get().rules().faq();
        assertEquals(expected, faq.answer(question).map(FaqEntry::id).orElse(null));
    }
}
