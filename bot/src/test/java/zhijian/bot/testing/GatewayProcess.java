package zhijian.bot.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static zhijian.bot.testing.Eventually.eventually;

/**
 * A gateway in a JVM of its own ({@code java -cp <the test class path> zhijian.bot.Main run}), so a test can kill it
 * the way an operating system does: {@link #kill()} is SIGKILL on Linux — no shutdown hook, no acknowledgement, no
 * flush. Its output goes to a file the test can read.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final String instance;
    private final Path log;

    private GatewayProcess(Process process, int port, String instance, Path log) {
        this.process = process;
        this.port = port;
        this.instance = instance;
        this.log = log;
    }

    /**
     * Writes a configuration for child gateways: short claims (a dead instance's entries are taken over after
     * {@code claimIdle}), fast timer polling, no weekly summary; everything else as the defaults.
     */
    public static Path config(Path dir, Duration claimIdle) throws IOException {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, """
                workers:
                  inbox_threads: 2
                  delivery_threads: 1
                  claim_idle: %dms
                  max_attempts: 5
                  timer_poll: 100ms
                figures:
                  enabled: false
                """.formatted(claimIdle.toMillis()), StandardCharsets.UTF_8);
        return f;
    }

    /** The environment of a child gateway on {@code redisUrl} under {@code prefix}. */
    public static Map<String, String> env(String redisUrl, String prefix, Path config, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("ZJ_REDIS_URL", redisUrl);
        env.put("ZJ_REDIS_PREFIX", prefix);
        env.put("ZJ_CONFIG", config.toAbsolutePath().toString());
        env.put("ZJ_DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("ZJ_SEEDS_DIR", GatewayHarness.seedsDir().toAbsolutePath().toString());
        env.put("ZJ_HTTP_HOST", "127.0.0.1");
        return env;
    }

    /** Starts {@code instance} on {@code port} and waits until it answers /healthz with 200. */
    public static GatewayProcess start(String instance, int port, Map<String, String> env, Path logDir) throws IOException {
        Path log = logDir.resolve(instance + "-" + System.nanoTime() + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "zhijian.bot.Main", "run");
        pb.environment().putAll(env);
        pb.environment().put("ZJ_INSTANCE", instance);
        pb.environment().put("ZJ_HTTP_PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        GatewayProcess g = new GatewayProcess(pb.start(), port, instance, log);
        try {
            eventually(Duration.ofSeconds(60), () -> g.process.isAlive() ? g.health() : -1, s -> s == 200 || s == -1,
                    instance + " to answer /healthz");
        } catch (AssertionError e) {
            g.close();
            throw new AssertionError(e.getMessage() + "\n" + g.output(), e);
        }
        if (!g.process.isAlive()) throw new IllegalStateException(instance + " exited at start-up:\n" + g.output());
        return g;
    }

    /** A TCP port nobody listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String instance() {
        return instance;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** GET /healthz's status, or 0 when nothing answers. */
    public int health() {
        return status(get("/healthz"));
    }

    /** GET a path; null when nothing answers. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int status(HttpResponse<String> r) {
        return r == null ? 0 : r.statusCode();
    }

    /** kill -9: the process ends at once, in the middle of whatever it was doing. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** kill -STOP: the process stops where it is (nothing it holds is released) until {@link #thaw()}. */
    public void freeze() {
        signal("-STOP");
    }

    /** kill -CONT. */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String sig) {
        try {
            Process p = new ProcessBuilder("kill", sig, String.valueOf(process.pid())).inheritIO().start();
            if (p.waitFor() != 0) throw new IllegalStateException("kill " + sig + " failed");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(instance + " did not exit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the process wrote so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Stops the process as systemd would (SIGTERM: the shutdown hook closes the gateway); SIGKILL if it hangs. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
