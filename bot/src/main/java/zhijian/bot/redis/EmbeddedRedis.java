package zhijian.bot.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server started by the gateway when no Redis URL is configured: the Redis 6.2 build that
 * {@code com.github.codemonstur:embedded-redis} ships, or {@code redis-server} on the PATH when that build cannot
 * run here. Bound to loopback on a free port; with a data directory it keeps an append-only file there, so a
 * restart keeps every ticket and timer.
 *
 * <p>The library only provides the binary: the process is started and stopped here, so the gateway stops Redis
 * after its workers (the library's own shutdown hook would race them).
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String PID_FILE = "redis-server.pid";
    private static final String PORT_FILE = "redis-server.port";
    private static final String LOG_FILE = "redis-server.log";

    private final Process process;
    private final int port;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param dataDir where the append-only file lives, or null for a throw-away server (tests)
     */
    public static EmbeddedRedis start(Path dataDir) throws IOException {
        return start(dataDir, 0);
    }

    /** As {@link #start(Path)}, on the given port (0: a free one). */
    public static EmbeddedRedis start(Path dataDir, int wantedPort) throws IOException {
        Path dir = null;
        if (dataDir != null) {
            dir = dataDir.resolve("redis").toAbsolutePath().normalize();
            Files.createDirectories(dir);
            stopLeftover(dir);
        }
        IOException failure = null;
        for (boolean fromPath : new boolean[]{false, true}) {
            int port = wantedPort > 0 ? wantedPort : freePort();
            try {
                EmbeddedRedis redis = launch(binary(fromPath), port, dir);
                log.info("embedded redis-server started on 127.0.0.1:{} ({}){}", port,
                        fromPath ? "redis-server from PATH" : "bundled build",
                        dir == null ? ", not persistent" : ", append-only file under " + dir);
                return redis;
            } catch (IOException | RuntimeException e) {
                if (failure == null) failure = e instanceof IOException io ? io : new IOException(e);
                else failure.addSuppressed(e);
                if (!fromPath) log.warn("the bundled redis-server did not start ({}); trying redis-server on the PATH", e.toString());
            }
        }
        throw new IOException("could not start an embedded redis-server (bundled build nor redis-server on PATH); "
                + "install redis-server or set ZJ_REDIS_URL", failure);
    }

    /**
     * The redis-server program: the build the embedded-redis jar ships (unpacked to a temporary file), or the one on
     * the PATH. Tests start Redis Cluster and Sentinel processes from it too.
     */
    public static File binary(boolean fromPath) throws IOException {
        File binary = fromPath ? ExecutableProvider.newExecutableInPath("redis-server").get()
                : ExecutableProvider.newJarResourceProvider().get();
        if (!binary.canExecute() && !binary.setExecutable(true)) {
            throw new IOException("cannot execute " + binary);
        }
        return binary;
    }

    private static EmbeddedRedis launch(File binary, int port, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.getAbsolutePath(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--protected-mode", "yes", "--daemonize", "no", "--save", ""));
        ProcessBuilder pb = new ProcessBuilder();
        if (dir != null) {
            cmd.addAll(List.of("--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec",
                    "--pidfile", dir.resolve(PID_FILE).toString()));
            Files.writeString(dir.resolve(PORT_FILE), String.valueOf(port));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(LOG_FILE).toFile()));
        } else {
            cmd.addAll(List.of("--appendonly", "no"));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        pb.command(cmd).redirectErrorStream(true);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with code " + p.exitValue()
                        + (dir == null ? "" : "; see " + dir.resolve(LOG_FILE)));
            }
            try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
                if ("PONG".equals(j.ping())) return new EmbeddedRedis(p, port);
            } catch (RuntimeException notYet) {
                // still starting, or still loading the append-only file
            }
            sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port + " within 20 s");
    }

    public int port() { return port; }

    public String url() { return "redis://127.0.0.1:" + port; }

    /** Stops the server with SHUTDOWN, so it writes out its append-only file; a signal if it does not answer. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
            j.shutdown();
        } catch (RuntimeException e) {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * A gateway killed hard (kill -9) leaves its redis-server running on the data dir. Two servers must never write
     * one append-only file: stop the leftover first (SHUTDOWN, which saves; a signal if it does not answer).
     */
    static void stopLeftover(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) return;
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(pidFile);
            return;
        }
        var leftover = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
        if (leftover.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("a redis-server (pid {}) left by an earlier run still holds {}; stopping it first", pid, dir);
        try {
            int port = Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).strip());
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                jedis.shutdown();
            }
        } catch (RuntimeException | IOException e) {
            leftover.get().destroy();
        }
        try {
            leftover.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            leftover.get().destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
