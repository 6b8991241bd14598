package zhijian.bot.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddedRedisTest {

    @Test
    void dataSurvivesARestart(@TempDir Path data) throws Exception {
        try (EmbeddedRedis r = EmbeddedRedis.start(data); Jedis j = new Jedis("127.0.0.1", r.port())) {
            j.set("ticket", "AZ-20261122-0001");
        }
        try (EmbeddedRedis r = EmbeddedRedis.start(data); Jedis j = new Jedis("127.0.0.1", r.port())) {
            assertEquals("AZ-20261122-0001", j.get("ticket"));
        }
    }

    @Test
    void aServerLeftByAHardKilledRun_isStoppedBeforeANewOneUsesTheSameFiles(@TempDir Path data) throws Exception {
        EmbeddedRedis leftover = EmbeddedRedis.start(data);   // never closed: as if its gateway died with kill -9
        try (Jedis j = new Jedis("127.0.0.1", leftover.port())) {
            j.set("kept", "yes");
        }
        try (EmbeddedRedis fresh = EmbeddedRedis.start(data); Jedis j = new Jedis("127.0.0.1", fresh.port())) {
            assertThrows(JedisConnectionException.class, () -> {
                try (Jedis old = new Jedis("127.0.0.1", leftover.port(), 1000)) {
                    old.ping();
                }
            }, "the leftover server was stopped");
            assertEquals("yes", j.get("kept"), "and what it held was saved and loaded again");
        } finally {
            leftover.close();
        }
    }
}
