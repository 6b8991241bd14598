package zhijian.bot;

import zhijian.bot.cli.EvalIntents;
import zhijian.seed.SeedException;
import zhijian.seed.SeedLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar zhijian-bot.jar [run] [--reseed]} runs the gateway;
 * {@code eval-intents FILE.tsv [--fold a=b] [--misses]} scores the intent classifier; {@code eval-fraud FILE.tsv}
 * the fraud detector;
 * {@code check-seeds} checks {@code seeds/} and exits; {@code bench-fanout} measures a broadcast's fan-out,
 * {@code bench-ingress} callbacks per second, {@code bench-e2e} messages per second end to end and Redis round trips,
 * {@code bench-scale} memory at a county's size, {@code bench-startup} the time to the first answered callback
 * (see docs/BENCHMARKS.md).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(Path.of("config/logback.xml"))) {
            System.setProperty("logback.configurationFile", "config/logback.xml");
        }
        List<String> a = Arrays.asList(args);
        String command = a.isEmpty() || a.get(0).startsWith("--") ? "run" : a.get(0);
        List<String> rest = a.isEmpty() || a.get(0).startsWith("--") ? a : a.subList(1, a.size());
        int code;
        try {
            code = switch (command) {
                case "run" -> run(rest);
                case "eval-intents" -> EvalIntents.main(rest, config());
                case "eval-fraud" -> zhijian.bot.cli.EvalFraud.main(rest, config());
                case "train-fraud" -> zhijian.bot.cli.TrainFraud.main(rest, config());
                case "check-seeds" -> checkSeeds();
                case "bench-fanout" -> zhijian.bot.bench.FanoutBench.main(rest, config());
                case "bench-ingress" -> zhijian.bot.bench.IngressBench.main(rest, config());
                case "bench-e2e" -> zhijian.bot.bench.EndToEndBench.main(rest, config());
                case "bench-scale" -> zhijian.bot.bench.ScaleBench.main(rest, config());
                case "bench-startup" -> zhijian.bot.bench.StartupBench.main(rest, config());
                case "help", "-h", "--help" -> usage(0);
                default -> usage(2);
            };
        } catch (SeedException e) {
            System.err.println("指尖服务: 种子数据有误，无法启动 (bad seed file): " + e.getMessage());
            code = 2;
        } catch (GatewayConfig.ConfigException e) {
            System.err.println("指尖服务: 配置有误 (bad configuration): " + e.getMessage());
            code = 2;
        }
        if (code != 0 || !command.equals("run")) System.exit(code);
    }

    static GatewayConfig config() {
        return GatewayConfig.load(System.getenv(), Path.of("config/gateway.yaml"));
    }

    private static int run(List<String> options) throws Exception {
        for (String o : options) {
            if (!o.equals("--reseed")) {
                System.err.println("unknown option: " + o);
                return usage(2);
            }
        }
        GatewayConfig config = config();
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Clock.systemUTC(), options.contains("--reseed"));
        } catch (SeedException | GatewayConfig.ConfigException e) {
            throw e;
        } catch (Exception e) {
            System.err.println("指尖服务: 启动失败 (start-up failed): " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(Main.class).error("start-up failed", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        String base = "http://" + config.http().host() + ":" + gateway.port();
        System.out.println();
        System.out.println("指尖服务 网关已启动 (gateway running)");
        if (config.console().enabled()) {
            System.out.println("  工作台 console:    " + base + "/console/   （首次登录：在私聊里给机器人发「控制台」领取一次性口令"
                    + (config.sim().enabled() ? "，演示时在模拟器里选工作人员的私聊发送" : "") + "）");
        }
        if (config.sim().enabled()) System.out.println("  模拟器 simulator:  " + base + "/sim");
        System.out.println("  健康检查 health:   " + base + "/healthz");
        System.out.println("  按 Ctrl+C 停止 (Ctrl+C to stop)");
        stopped.await();
        return 0;
    }

    private static int checkSeeds() {
        GatewayConfig config = config();
        var seeds = SeedLoader.load(config.seedsDir());
        System.out.println("seeds OK: " + seeds.matrix().grids().size() + " grids, " + seeds.matrix().groups().size()
                + " groups, " + seeds.matrix().members().size() + " people, " + seeds.rules().routes().routes().size()
                + " routes, " + seeds.rules().faq().entries().size() + " FAQ answers");
        return 0;
    }

    private static int usage(int code) {
        (code == 0 ? System.out : System.err).println("""
                usage: java -jar bot/target/zhijian-bot.jar [run] [--reseed]
                       java -jar bot/target/zhijian-bot.jar eval-intents FILE.tsv [--fold hazard=report] [--misses]
                       java -jar bot/target/zhijian-bot.jar eval-fraud FILE.tsv [--misses] [--scores]
                       java -jar bot/target/zhijian-bot.jar train-fraud [--min 2] [--out FILE] EXAMPLES.tsv...
                       java -jar bot/target/zhijian-bot.jar check-seeds
                       java -jar bot/target/zhijian-bot.jar bench-fanout [--groups 10000] [--only planning|unlimited|wecom|bridge]
                       java -jar bot/target/zhijian-bot.jar bench-ingress [--requests 20000] [--rounds 3] [--connections 50] [--no-workers]
                       java -jar bot/target/zhijian-bot.jar bench-e2e [--messages 2000] [--rounds 3] [--traced 500]
                       java -jar bot/target/zhijian-bot.jar bench-scale [--groups 10000] [--tickets 20000]
                       java -jar bot/target/zhijian-bot.jar bench-startup [--runs 5]
                settings: config/gateway.yaml, overridden by ZJ_HTTP_HOST, ZJ_HTTP_PORT, ZJ_REDIS_URL, ZJ_DATA_DIR,
                          ZJ_SEEDS_DIR, ZJ_CONFIG (see README)""");
        return code;
    }
}
