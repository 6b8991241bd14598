package zhijian.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import zhijian.fraud.FraudDetector;
import zhijian.fraud.FraudLists;
import zhijian.fraud.FraudModel;
import zhijian.fraud.FraudVerdict;
import zhijian.seed.SeedLoader;
import zhijian.seed.Seeds;

/**
 * How many group messages a second one core can score for fraud: {@link FraudDetector#check} with the real
 * {@code seeds/} rules (words, signals, warnings and the learned n-grams), over a fixed mix of hand-written village
 * group messages — mostly ordinary chat, about 15 % scams with links or numbers, about 10 % police warnings.
 *
 * <p>Run from the project root so {@code seeds/} is found (or pass {@code -Dzj.seeds=DIR}):
 * {@code java -jar bench/target/benchmarks.jar FraudDetectorBench -prof gc}. One operation is one message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class FraudDetectorBench {

    /**
     * What a village's second-tier group sees in a day: 40 messages, 30 ordinary (5–150 chars), 6 scams, 4 anti-fraud
     * warnings from the police station. Written for this benchmark; the numbers and links are made up.
     */
    static final String[] MESSAGES = {
            // ordinary chat (30)
            "收到，谢谢书记",
            "今天下午村委会开会吗？",
            "卖牦牛肉，自家养的，今天早上刚宰的，28元一斤，要的在群里说一声，下午送到村口。",
            "挖虫草的都回来了没有？我家老二还在山上，电话一直打不通，有没有人看见他？",
            "招几个挖土豆的，三天，一天150元管中午饭，明早七点桥头集合，电话13908123456",
            "学校通知：下周一正式开学，请各位家长把孩子的户口本复印件、疫苗接种本和寒假作业带上，上午九点到学校报名，迟到的"
                    + "下午两点以后补办。住校生请带好被褥和洗漱用品，食堂伙食费和去年一样，不收学费和书本费，有乱收费的直接向乡中心校反映。",
            "天气预报说明天有大雪，放牧的注意把牛羊早点赶回来。",
            "好的好的👍",
            "谁家的狗跑到我家院子里把鸡咬死了两只，黑色的，脖子上有根红绳，主人快来领走，不然我去找村长了。",
            "张家和李家为地界的事又吵起来了，调解员能不能过来看一下，都快动手了。",
            "青稞收完了没有？我家还有两亩没割，想请两个人帮忙，一天给120，中午在家里吃饭。",
            "医保今年交了吗？截止到哪天？",
            "村里的自来水又停了，什么时候来水啊",
            "酥油有没有人要，纯的，50一斤，在家里，要的私信我",
            "今天镇上赶集，有没有顺路的车，带我一个，我在二组路口等。",
            "@卓玛 你家娃娃的书包落在我车上了，明天给你带过去",
            "养老保险认证在哪里弄？我阿爸腿脚不方便，去不了镇上，能不能在手机上认证？",
            "明天早上九点在村委会打疫苗，带上身份证，六十岁以上的老人优先。",
            "去县城的路上塌方了，车过不去，大家出门绕一下从北边走，注意安全。",
            "哈哈哈哈哈哈",
            "有没有人捡到一个黑色钱包，里面有身份证和五百多块钱，在卫生院门口丢的，捡到的请联系我，必有重谢。",
            "虫草今年什么价？收购的老板说大的一根四十，是不是压价了",
            "我家牦牛走丢了三头，两头黑的一头花的，耳朵上有黄色耳标，编号尾数是037、038、041，前天傍晚还在后山垭口那边吃草，"
                    + "昨天早上去找就不见了，可能顺着河沟往下游走了。下游几个组的乡亲放牧时帮忙留意一下，谁看到了告诉我一声，谢谢大家了。",
            "低保的材料交到哪里？",
            "孩子在县里上高中，住校一个月生活费给多少合适？",
            "电费在哪里交，手机上能交吗",
            "谢谢村医昨天半夜跑过来，娃娃已经退烧了🙏",
            "邻居家装修天天从早上七点敲到晚上十点，老人和娃娃都睡不着觉，我上门说了好几次也不听，还说他家的房子想什么时候装"
                    + "就什么时候装。村里有没有管这个的？能不能请调解员来评评理，实在不行我只能去镇上反映了。",
            "今年的草原补奖什么时候发到卡上？",
            "晚上有篮球比赛，七点半在学校操场，三组对五组，大家都来加油！",
            // scams (6)
            "宝妈学生党看过来！在家动动手指就能赚钱，点赞关注一单一结，日赚300-500，不收任何费用，加QQ 2839471056 领取任务",
            "【京东客服】您好，您购买的商品检测出质量问题，已被召回，我们将为您办理三倍理赔，请点击 http://jd-lipei.top/claim "
                    + "填写银行卡信息办理退款。",
            "你好，我是市公安局刑侦支队的，你名下的银行卡涉嫌洗钱，需要配合调查，请把资金转入安全账户，此事需要保密，不要告诉家人。",
            "内部渠道，导师带单，稳赚不赔，一个月收益翻倍，名额有限，进群 https://t.cn/A6xK2pQ 先到先得",
            "恭喜您获得今年惠农补贴2860元，请于今日内点击 http://121.43.88.17/btlq 登记领取，逾期作废。",
            "招聘兼职打字员，手机操作，日结200元，不用出门，有意者加微信 18876543210，名额有限。",
            // police anti-fraud warnings (4)
            "【反诈提醒】近期有人冒充公安机关打电话说你涉嫌洗钱，要求把钱转到“安全账户”，这都是诈骗！公检法不会电话办案，"
                    + "更没有安全账户，接到这种电话直接挂断，拨打110核实。——镇派出所",
            "派出所提醒：刷单返利都是诈骗，凡是让你先垫钱做任务的都是骗子，大家千万不要上当，也转告家里的老人和孩子。",
            "各位村民注意：有人在群里发假的补贴链接，不要点！不要填银行卡号和密码！有疑问打96110反诈专线。",
            "社区民警提示：陌生人让你下载APP、共享屏幕、报验证码的，一律是诈骗，谨防上当受骗。",
    };

    private FraudDetector detector;
    private FraudModel model;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        Seeds seeds = SeedLoader.load(seedsDir());
        detector = new FraudDetector(seeds.rules().fraud());
        model = new FraudModel(detector, FraudLists.EMPTY);
        int flagged = 0, warnings = 0;
        for (String m : MESSAGES) {
            FraudVerdict v = detector.check(m);
            if (v.flagged()) flagged++;
            if (v.warning()) warnings++;
        }
        // once per trial, so a change to the rules that stops catching the scams shows next to the figures
        System.out.printf("%d messages (%d patterns): %d flagged, %d read as warnings%n",
                MESSAGES.length, detector.patterns(), flagged, warnings);
    }

    /** {@code -Dzj.seeds=DIR}, else {@code seeds} in the working directory, else {@code ../seeds}. */
    static Path seedsDir() {
        String p = System.getProperty("zj.seeds");
        if (p != null) return Path.of(p);
        Path here = Path.of("seeds");
        return Files.isDirectory(here) ? here : Path.of("..", "seeds");
    }

    private String nextMessage() {
        String m = MESSAGES[next];
        if (++next == MESSAGES.length) next = 0;
        return m;
    }

    /** The rules alone: one message scored. */
    @Benchmark
    public FraudVerdict detector() {
        return detector.check(nextMessage());
    }

    /** As a deployment runs it: the rules, then officers' lists (empty here) and the sender. */
    @Benchmark
    public FraudVerdict model() {
        return model.check(nextMessage(), "r-sender");
    }
}
