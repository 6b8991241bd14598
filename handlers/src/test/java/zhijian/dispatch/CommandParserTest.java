package zhijian.dispatch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommandParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "接单 AZ-20261122-0007                 | SIGN               | AZ-20261122-0007 | -    | -",
            "签收：az-20261122-0007                | SIGN               | AZ-20261122-0007 | -    | -",
            "回复 AZ-20261122-0007 明天上午去你家  | REPLY              | AZ-20261122-0007 | -    | 明天上午去你家",
            "转派 AZ-20261122-0007 拉姆 她更熟悉   | REASSIGN           | AZ-20261122-0007 | 拉姆 | 她更熟悉",
            "转派 AZ-20261122-0007 给 拉姆         | REASSIGN           | AZ-20261122-0007 | 拉姆 | -",
            "退单 AZ-20261122-0007 不属于派出所    | RETURN             | AZ-20261122-0007 | -    | 不属于派出所",
            "办结 AZ-20261122-0007 已调解，运费结清 | CLOSE             | AZ-20261122-0007 | -    | 已调解，运费结清",
            "办结 AZ-20261122-0007                 | CLOSE              | AZ-20261122-0007 | -    | -",
            "查询 AZ-20261122-0007                 | STATUS             | AZ-20261122-0007 | -    | -",
            "补充 AZ-20261122-0007 车是白色的      | SUPPLEMENT         | AZ-20261122-0007 | -    | 车是白色的",
            "我的工单                              | MY_QUEUE           | -                | -    | -",
            "我的预约                              | MY_APPOINTMENTS    | -                | -    | -",
            "取消预约 AZY-20261122-0003            | CANCEL_APPOINTMENT | AZY-20261122-0003 | -   | -",
            "我想取消预约                          | CANCEL_APPOINTMENT | -                | -    | -",
            "帮助                                  | HELP               | -                | -    | -",
            "办身份证要带什么                      | NONE               | -                | -    | -",
            "接单了没有啊                          | NONE               | -                | -    | -",
            "3点去可以吗                           | NONE               | -                | -    | -",
            "三分钟前娃掉河里了！                  | NONE               | -                | -    | -",
            "五分钟前着火了                        | NONE               | -                | -    | -",
            "2星期前丢了一头牦牛                   | NONE               | -                | -    | -",
            "5分都不值                             | NONE               | -                | -    | -",
    })
    void parses(String text, Command.Type type, String id, String target, String rest) {
        Command c = CommandParser.parse(text);
        assertEquals(type, c.type());
        assertEquals(id, c.id());
        assertEquals(target, c.target());
        assertEquals(rest, c.text());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"5, 5", "5分, 5", "4分 很满意, 4", "评价 2, 2", "五分, 5", "1星, 1", "5分！谢谢, 5"})
    void ratings(String text, int stars) {
        Command c = CommandParser.parse(text);
        assertEquals(Command.Type.RATE, c.type());
        assertEquals(stars, c.stars());
    }
}
