package zhijian.bot.console;

import org.junit.jupiter.api.Test;
import zhijian.bot.GatewayConfig;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.MutableClock;
import zhijian.bot.testing.TestRedis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.GatewayHarness.ticketIdIn;

/**
 * Last week's figures in the tier-1 group on Monday at 08:00: once, with two gateways on the same Redis ticking at
 * the same moment and one of them restarted, and not a minute before. Each {@code postWeeklySummary} is what a
 * gateway's minute tick does.
 */
class FiguresWeeklySummaryTest {
    private static final String TIER1 = "g-tier1";

    private static long summaries(GatewayHarness gw) {
        return gw.botSaid(TIER1).stream().filter(s -> s.startsWith("【上周简报】")).count();
    }

    @Test
    void lastWeeksSummary_isPostedOnceInTheTier1Group_onMondayAt0800_byTwoGatewaysAndARestart() throws Exception {
        GatewayConfig config = GatewayHarness.config(TestRedis.url(), TestRedis.freshPrefix("weekly-summary"), null);
        MutableClock clock = new MutableClock(GatewayHarness.T0);   // Sunday 22 November 12:00, 2026-W47
        try (GatewayHarness a = GatewayHarness.start(config, clock)) {
            GatewayHarness b = GatewayHarness.start(config.withInstance("second"), clock);
            try {
                a.say("g-deji", "r-yangjin", "德吉村那边邻居占了我家宅基地，想请调解员评评理");
                String id = ticketIdIn(a.awaitBot("g-deji", "工单号"));
                clock.advance(Duration.ofMinutes(5));
                a.say("dm:v-dj-med", "v-dj-med", "回复 " + id + " 我明天上午过去看看");
                a.awaitBot("g-deji", "我明天上午过去看看");
                a.say("dm:v-dj-med", "v-dj-med", "办结 " + id + " 已调解");
                a.awaitBot("g-deji", "已办结");

                clock.advance(Duration.ofHours(19).plusMinutes(54));   // Monday 07:59
                assertEquals(0, a.gateway.postWeeklySummary() + b.gateway.postWeeklySummary(), "not before 08:00");
                a.awaitDrained();
                assertEquals(0, summaries(a));

                clock.advance(Duration.ofMinutes(1));                  // Monday 08:00: both tick at once
                ExecutorService both = Executors.newFixedThreadPool(2);
                try {
                    List<Future<Integer>> ticks = both.invokeAll(List.<Callable<Integer>>of(
                            a.gateway::postWeeklySummary, b.gateway::postWeeklySummary));
                    assertEquals(1, ticks.get(0).get() + ticks.get(1).get(), "one message, from one of them");
                } finally {
                    both.shutdown();
                }
            } finally {
                b.close();
            }
            try (GatewayHarness restarted = GatewayHarness.start(config.withInstance("second-again"), clock)) {
                assertEquals(0, restarted.gateway.postWeeklySummary(), "a restart does not post it again");
                clock.advance(Duration.ofHours(3));
                assertEquals(0, a.gateway.postWeeklySummary() + restarted.gateway.postWeeklySummary(), "nor a later tick");
            }

            String summary = a.awaitBot(TIER1, "【上周简报】");
            a.awaitDrained();
            assertEquals(1, summaries(a), "exactly once in the tier-1 group");
            assertTrue(summary.startsWith("【上周简报】阿扎乡派出所 11月16日—11月22日（2026-W47）\n收集社情民意 1 条、解决 1 条。"), summary);
            assertTrue(summary.contains("解决率 100%，满意率 —（没有评价）"), summary);
            assertTrue(summary.contains("\n德吉村：受理 1、解决 1、超期 0、响应率 100%"), summary);
            for (String grid : List.of("g-deji", "g-zhangda")) {
                assertTrue(a.botSaid(grid).stream().noneMatch(s -> s.contains("【上周简报】")), "only the tier-1 group has it: " + grid);
            }
        }
    }
}
