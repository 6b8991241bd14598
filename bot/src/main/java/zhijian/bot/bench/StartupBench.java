package zhijian.bot.bench;

import zhijian.bot.GatewayConfig;
import zhijian.bot.Main;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-startup}: launches {@code java -jar zhijian-bot.jar} as a child process with a fresh data directory
 * (so it starts its embedded Redis and seeds the matrix, as on a first start), and measures from the launch to the
 * first 200 on an encrypted WeCom callback (polled every 5 ms) and to the bot's first answer to it (the FAQ answer,
 * shown in the simulator: no WeCom API is configured). Several runs; the child is stopped (SIGTERM) after each.
 */
public final class StartupBench {
    private StartupBench() {}

    public static int main(List<String> args, GatewayConfig base) throws Exception {
        int runs = 5;
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--jvm" -> jvm.add(args.get(++i));
                default -> {
                    System.err.println("usage: bench-startup [--runs 5] [--jvm -Xmx512m]...");
                    return 2;
                }
            }
        }
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            System.err.println("run this from the jar: java -jar bot/target/zhijian-bot.jar bench-startup");
            return 2;
        }
        System.out.printf("bench-startup: %s launched %d times with a fresh ZJ_DATA_DIR; %s%n", jar, runs, BenchKit.machine());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CallbackLoad load = new CallbackLoad(BenchKit.TOKEN, BenchKit.AES_KEY, BenchKit.CORP);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        double[] first200 = new double[runs], firstAnswer = new double[runs];
        for (int r = 0; r < runs; r++) {
            Path dir = Files.createTempDirectory("zj-startup-");
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("gateway.log").toFile());
            Map<String, String> env = pb.environment();
            env.remove("ZJ_REDIS_URL");
            env.put("ZJ_DATA_DIR", dir.resolve("data").toString());
            env.put("ZJ_HTTP_PORT", String.valueOf(port));
            env.put("ZJ_SIM_ENABLED", "true");
            env.put("ZJ_WECOM_CORP_ID", BenchKit.CORP);
            env.put("ZJ_WECOM_TOKEN", BenchKit.TOKEN);
            env.put("ZJ_WECOM_AES_KEY", BenchKit.AES_KEY);
            String user = "rs-start-" + r;
            byte[] request = load.request(user, IngressBench.QUESTION, 9_000_000_000L + r, System.currentTimeMillis() / 1000);
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                long ok = 0, answered = 0;
                long end = t0 + TimeUnit.SECONDS.toNanos(120);
                while (ok == 0 && System.nanoTime() < end && p.isAlive()) {
                    try {
                        CallbackLoad.Conn c = new CallbackLoad.Conn(port);
                        try (c.socket) {
                            int status = c.exchange(request);
                            if (status == 200) ok = System.nanoTime();
                            else System.out.println("  callback answered " + status);
                        }
                    } catch (IOException notYet) {
                        Thread.sleep(5);
                    }
                }
                URI sim = URI.create("http://127.0.0.1:" + port + "/api/sim/messages?chat=dm:wecom:" + user);
                while (ok > 0 && answered == 0 && System.nanoTime() < end) {
                    HttpResponse<String> res = http.send(HttpRequest.newBuilder(sim).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (res.statusCode() == 200 && res.body().contains("\"bot\":true")) answered = System.nanoTime();
                    else Thread.sleep(5);
                }
                if (ok == 0 || answered == 0) {
                    System.out.println("run " + (r + 1) + ": no " + (ok == 0 ? "200" : "answer") + " within 120 s; see "
                            + dir.resolve("gateway.log"));
                    return 1;
                }
                first200[r] = (ok - t0) / 1e9;
                firstAnswer[r] = (answered - t0) / 1e9;
                System.out.printf("run %d: first 200 at %.2f s, first answer at %.2f s after launch%n", r + 1, first200[r], firstAnswer[r]);
            } finally {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    System.out.println("  the gateway did not stop within 30 s of SIGTERM: killed");
                    p.destroyForcibly();
                }
            }
            BenchKit.deleteTree(dir);
        }
        System.out.printf("%nmedian (range) of %d runs: first 200 %s s; first answer %s s%n", runs,
                BenchKit.medianRange(first200, "%.2f"), BenchKit.medianRange(firstAnswer, "%.2f"));
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
