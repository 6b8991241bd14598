package zhijian.bot.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Real redis-server processes for tests of Redis Cluster and Sentinel, from the binary the gateway's embedded Redis
 * uses ({@link EmbeddedRedis#binary}), each in a directory of its own, on loopback. Closing stops them all.
 */
final class LocalRedis implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final File binary;
    private final Path dir;
    private final String password;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    /** @param password the {@code requirepass} of the data nodes (and their {@code masterauth}), or null */
    LocalRedis(Path dir, String password) throws IOException {
        File b;
        try {
            b = EmbeddedRedis.binary(false);
        } catch (IOException | RuntimeException e) {
            b = EmbeddedRedis.binary(true);
        }
        this.binary = b;
        this.dir = dir;
        this.password = password;
    }

    /** A data node; returns its port. */
    int server(String... extra) throws IOException {
        int port = freePort();
        Path d = Files.createDirectories(dir.resolve("redis-" + port));
        List<String> cmd = new ArrayList<>(List.of(binary.getAbsolutePath(), "--port", String.valueOf(port), "--bind", HOST,
                "--dir", d.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no"));
        if (password != null) cmd.addAll(List.of("--requirepass", password, "--masterauth", password));
        cmd.addAll(List.of(extra));
        start(cmd, d, port);
        return port;
    }

    /** A node of a Redis Cluster that has not met the others yet and serves no slots. */
    int clusterNode() throws IOException {
        return server("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000");
    }

    /**
     * Three masters sharing the 16384 slots evenly, met and agreed ({@code cluster_state:ok} on every node), as
     * {@code redis-cli --cluster create} would make them (no replicas).
     */
    List<Integer> cluster(int masters) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < masters; i++) ports.add(clusterNode());
        for (int i = 0; i < masters; i++) {
            try (Jedis j = client(ports.get(i))) {
                j.clusterAddSlots(IntStream.range(16384 * i / masters, 16384 * (i + 1) / masters).toArray());
                j.clusterSetConfigEpoch(i + 1);
            }
        }
        try (Jedis first = client(ports.get(0))) {
            for (int i = 1; i < masters; i++) first.clusterMeet(HOST, ports.get(i));
        }
        await(Duration.ofSeconds(20), "the cluster to agree", () -> ports.stream().allMatch(p -> {
            try (Jedis j = client(p)) {
                String info = j.clusterInfo();
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters);
            }
        }));
        return ports;
    }

    /**
     * A sentinel watching {@code master} under {@code name}; it may fail over after the master has been silent for a
     * second. Returns its port.
     */
    int sentinel(String name, int masterPort) throws IOException {
        int port = freePort();
        Path d = Files.createDirectories(dir.resolve("sentinel-" + port));
        Path conf = d.resolve("sentinel.conf");
        StringBuilder c = new StringBuilder()
                .append("port ").append(port).append('\n')
                .append("bind ").append(HOST).append('\n')
                .append("dir ").append(d).append('\n')
                .append("sentinel monitor ").append(name).append(' ').append(HOST).append(' ').append(masterPort).append(" 1\n")
                .append("sentinel down-after-milliseconds ").append(name).append(" 1000\n")
                .append("sentinel failover-timeout ").append(name).append(" 10000\n");
        if (password != null) c.append("sentinel auth-pass ").append(name).append(' ').append(password).append('\n');
        Files.writeString(conf, c);
        start(List.of(binary.getAbsolutePath(), conf.toString(), "--sentinel"), d, port);
        return port;
    }

    /** A connection to a data node of this set, with its password. */
    Jedis client(int port) {
        return new Jedis(new HostAndPort(HOST, port), DefaultJedisClientConfig.builder().password(password).timeoutMillis(2000).build());
    }

    Jedis sentinelClient(int port) {
        return new Jedis(HOST, port, 2000);
    }

    static void await(Duration limit, String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) return;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("waited " + limit.toSeconds() + " s for " + what, last);
    }

    private void start(List<String> cmd, Path d, int port) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve("out.log").toFile())).start();
        processes.put(port, p);
        await(Duration.ofSeconds(10), "redis-server on port " + port + " (see " + d.resolve("out.log") + ")", () -> {
            if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + p.exitValue());
            try (Jedis j = new Jedis(HOST, port, 500)) {
                j.ping();   // NOAUTH also proves it listens
                return true;
            } catch (redis.clients.jedis.exceptions.JedisDataException noAuth) {
                return true;
            }
        });
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 100; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 40000);
            if (free(port) && free(port + 10000)) return port;
        }
        throw new IOException("no free port pair found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the process on this port at once (SIGKILL), as a machine that dies would. */
    void kill(int port) throws InterruptedException {
        Process p = processes.get(port);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (Process p : processes.values()) p.destroy();
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
