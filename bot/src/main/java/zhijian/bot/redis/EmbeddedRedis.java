package zhijian.bot.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real redis-server started by the gateway when no Redis URL is configured: the Redis 6.2 build that
 * {@code com.github.codemonstur:embedded-redis} ships, or {@code redis-server} on the PATH when that build cannot
 * run here. Bound to loopback on a free port; with a data directory it keeps an append-only file there, so a
 * restart keeps every ticket and timer.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
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
        IOException first = null;
        for (boolean fromPath : new boolean[]{false, true}) {
            int port = wantedPort > 0 ? wantedPort : freePort();
            try {
                RedisServerBuilder b = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("protected-mode yes").setting("save \"\"").setting("daemonize no")
                        .onShutdownForceStop(false);   // the gateway stops it, after its workers
                if (fromPath) b.executableProvider(ExecutableProvider.newExecutableInPath("redis-server"));
                if (dataDir != null) {
                    Path dir = dataDir.resolve("redis").toAbsolutePath();
                    Files.createDirectories(dir);
                    stopLeftover(dir);
                    b.setting("dir " + dir).setting("appendonly yes").setting("appendfsync everysec")
                            .setting("pidfile " + dir.resolve(PID_FILE));
                    Files.writeString(dir.resolve(PORT_FILE), String.valueOf(port));
                } else {
                    b.setting("appendonly no");
                }
                RedisServer server = b.build();
                server.start();
                log.info("embedded redis-server started on 127.0.0.1:{} ({}){}", port,
                        fromPath ? "redis-server from PATH" : "bundled build",
                        dataDir == null ? ", not persistent" : ", append-only file under " + dataDir.resolve("redis"));
                return new EmbeddedRedis(server, port);
            } catch (IOException | RuntimeException e) {
                if (first == null) first = e instanceof IOException io ? io : new IOException(e);
                else first.addSuppressed(e);
                if (!fromPath) log.warn("the bundled redis-server did not start ({}); trying redis-server on the PATH", e.toString());
            }
        }
        throw new IOException("could not start an embedded redis-server (bundled build nor redis-server on PATH); "
                + "install redis-server or set ZJ_REDIS_URL", first);
    }

    public int port() { return port; }

    public String url() { return "redis://127.0.0.1:" + port; }

    /** Stops the server; Redis writes out its append-only file on the way down. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("stopping the embedded redis-server failed", e);
        }
    }

    private static final String PID_FILE = "redis-server.pid";
    private static final String PORT_FILE = "redis-server.port";

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
        var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
        if (process.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("a redis-server (pid {}) left by an earlier run still holds {}; stopping it first", pid, dir);
        try {
            int port = Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).strip());
            try (var jedis = new redis.clients.jedis.Jedis("127.0.0.1", port, 2000)) {
                jedis.shutdown();
            }
        } catch (RuntimeException | IOException e) {
            process.get().destroy();
        }
        try {
            process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
