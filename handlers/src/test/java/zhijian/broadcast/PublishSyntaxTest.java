package zhijian.broadcast;

import org.junit.jupiter.api.Test;
import zhijian.dispatch.Command;
import zhijian.dispatch.CommandParser;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 发布【类别】范围：内容, as officers type it. */
class PublishSyntaxTest {

    private static PublishSyntax.Parsed ok(String text) {
        PublishSyntax.Parsed p = PublishSyntax.parse(text);
        assertNull(p.error(), () -> text + " → " + p.error());
        return p;
    }

    private static String error(String text) {
        PublishSyntax.Parsed p = PublishSyntax.parse(text);
        assertNotNull(p.error(), () -> text + " was read as " + p);
        assertNull(p.category(), text);
        assertNull(p.scope(), text);
        assertNull(p.body(), text);
        assertTrue(p.error().contains(PublishSyntax.USAGE), "every error shows the format: " + p.error());
        return p.error();
    }

    @Test
    void fullWidthBracketsAndColon() {
        PublishSyntax.Parsed p = ok("发布【反诈预警】全乡：近期有人冒充快递客服要求退款，请勿点击陌生链接。");
        assertEquals("反诈预警", p.category());
        assertEquals("全乡", p.scope());
        assertEquals("近期有人冒充快递客服要求退款，请勿点击陌生链接。", p.body());
    }

    @Test
    void halfWidthBracketsAndColon_andTheOtherFullWidthBrackets_readTheSame() {
        for (String text : List.of("发布[反诈预警]全乡:请勿点击陌生链接", "发布［反诈预警］全乡：请勿点击陌生链接",
                "发布【反诈预警]全乡:请勿点击陌生链接", "发布[反诈预警】全乡：请勿点击陌生链接")) {
            PublishSyntax.Parsed p = ok(text);
            assertEquals("反诈预警", p.category(), text);
            assertEquals("全乡", p.scope(), text);
            assertEquals("请勿点击陌生链接", p.body(), text);
            assertTrue(PublishSyntax.looksLikePublish(text), text);
        }
    }

    @Test
    void spacesAroundThePartsAreDropped_andTheScopeKeepsItsInnerSpaces() {
        PublishSyntax.Parsed p = ok("  发布 【 寻人 】 章达村 阿扎乡小学 ： 寻找走失儿童  ");
        assertEquals("寻人", p.category());
        assertEquals("章达村 阿扎乡小学", p.scope());
        assertEquals("寻找走失儿童", p.body());
    }

    @Test
    void theScopeEndsAtTheFirstColon_laterColonsBelongToTheBody() {
        PublishSyntax.Parsed p = ok("发布【警情通报】全乡：时间：11月22日；地点：章达村");
        assertEquals("全乡", p.scope());
        assertEquals("时间：11月22日；地点：章达村", p.body());
    }

    @Test
    void aMultiLineBody_isKeptWithItsLineBreaks() {
        String body = "寻找走失儿童：\n姓名：小明，8岁\n\n身穿蓝色校服，背红色书包。\n如有线索请联系派出所。";
        PublishSyntax.Parsed p = ok("发布【寻人】章达村：" + body);
        assertEquals(body, p.body());
        assertEquals("章达村", p.scope(), "the scope still ends at the first colon");
    }

    @Test
    void aMissingScope_isAnError() {
        assertTrue(error("发布【反诈预警】：请勿点击陌生链接").contains("请写明发布范围"));
        assertTrue(error("发布【反诈预警】  :请勿点击陌生链接").contains("请写明发布范围"));
    }

    @Test
    void anEmptyBody_isAnError() {
        assertTrue(error("发布【反诈预警】全乡：").contains("内容是空的"));
        assertTrue(error("发布【反诈预警】全乡：   \n  ").contains("内容是空的"));
    }

    @Test
    void withoutBrackets_itIsNotAPublicationAtAll() {
        String text = "发布反诈预警全乡：请勿点击陌生链接";
        assertFalse(PublishSyntax.looksLikePublish(text));
        assertTrue(error(text).contains("没有看懂"));
        assertEquals(Command.Type.NONE, CommandParser.parse(text).type(), "not taken for a publish command");
    }

    @Test
    void withoutAColonOrACategory_itCannotBeRead() {
        assertTrue(error("发布【反诈预警】全乡 请勿点击陌生链接").contains("没有看懂"));
        assertTrue(error("发布【】全乡：请勿点击陌生链接").contains("没有看懂"));
        assertTrue(error("").contains("没有看懂"));
        assertTrue(error(null).contains("没有看懂"));
    }

    @Test
    void onlyTextStartingWith发布AndABracket_isMeantAsAPublication() {
        assertTrue(PublishSyntax.looksLikePublish("发布 【反诈预警】全乡：x"));
        assertFalse(PublishSyntax.looksLikePublish("请不要发布【谣言】"));
        assertFalse(PublishSyntax.looksLikePublish("发布会明天开"));
        assertFalse(PublishSyntax.looksLikePublish(null));
    }

    @Test
    void theCommandParser_handsTheWholeTextOn() {
        String text = "发布【反诈预警】全乡：请勿点击\n陌生链接";
        Command c = CommandParser.parse("  " + text + " ");
        assertEquals(Command.Type.PUBLISH, c.type());
        assertEquals(text, c.text());
        assertTrue(c.aboutBroadcast());
    }
}
