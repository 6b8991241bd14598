package zhijian.bot.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A Lua script shipped in {@code /lua/}, run by its SHA and loaded again when the server has forgotten it. */
public final class LuaScript {
    private final String name;
    private final String source;
    private volatile String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
    }

    public static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/lua/" + name + ".lua")) {
            if (in == null) throw new IllegalStateException("missing script /lua/" + name + ".lua");
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String s = sha;
        if (s == null) s = sha = redis.scriptLoad(source, keys.isEmpty() ? "" : keys.get(0));
        try {
            return redis.evalsha(s, keys, args);
        } catch (JedisNoScriptException e) {
            sha = redis.scriptLoad(source, keys.isEmpty() ? "" : keys.get(0));
            return redis.evalsha(sha, keys, args);
        }
    }

    public String name() { return name; }
}
