package zhijian.bot.channel.wecom;

import me.chanjar.weixin.common.redis.WxRedisOps;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * WxJava's Redis operations on our Jedis 5 client (WxJava's own Jedis classes break on Jedis 5), so the WeCom
 * access token is shared by every instance and refreshed by one at a time (a SET NX PX lock).
 */
public final class JedisWxRedisOps implements WxRedisOps {
    private static final String UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private final UnifiedJedis redis;

    public JedisWxRedisOps(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    public String getValue(String key) {
        return redis.get(key);
    }

    @Override
    public void setValue(String key, String value, int expire, TimeUnit unit) {
        if (expire > 0) redis.set(key, value, SetParams.setParams().px(unit.toMillis(expire)));
        else redis.set(key, value);
    }

    @Override
    public Long getExpire(String key) {
        return redis.ttl(key);
    }

    @Override
    public void expire(String key, int expire, TimeUnit unit) {
        redis.pexpire(key, unit.toMillis(expire));
    }

    @Override
    public Lock getLock(String key) {
        return new RedisLock(key);
    }

    /** A lock held in Redis for at most 30 s (longer than a slow gettoken), released only by its holder. */
    private final class RedisLock implements Lock {
        private final String key;
        private final String me = UUID.randomUUID().toString();

        RedisLock(String key) {
            this.key = key;
        }

        @Override
        public void lock() {
            while (!tryLock()) sleep();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            while (!tryLock()) {
                if (Thread.interrupted()) throw new InterruptedException();
                sleep();
            }
        }

        @Override
        public boolean tryLock() {
            return "OK".equals(redis.set(key, me, SetParams.setParams().nx().px(30_000)));
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long end = System.nanoTime() + unit.toNanos(time);
            while (!tryLock()) {
                if (System.nanoTime() > end) return false;
                if (Thread.interrupted()) throw new InterruptedException();
                sleep();
            }
            return true;
        }

        @Override
        public void unlock() {
            redis.eval(UNLOCK, List.of(key), List.of(me));
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("no conditions on a Redis lock");
        }

        private void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
