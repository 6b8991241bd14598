package zhijian.bot.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a route sees of a request: method, path, query, headers, the body (already size-checked) and the address of
 * the peer that sent it (the client, or a proxy in front of the gateway).
 */
public record Request(String method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                      List<String> pathParams, String peer) {
    public Request(String method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                   List<String> pathParams) {
        this(method, path, query, headers, body, pathParams, "");
    }

    /** The body as a JSON object; anything else is a 400 {@code bad_json} that says what was wrong. */
    public com.fasterxml.jackson.databind.JsonNode jsonObject() {
        com.fasterxml.jackson.databind.JsonNode n;
        try {
            n = zhijian.bot.Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("bad_json", "请求体不是合法的 JSON (body is not valid JSON)");
        }
        if (n == null || !n.isObject()) throw ApiException.badRequest("bad_json", "请求体应为 JSON 对象 (body must be a JSON object)");
        return n;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The {@code limit} query parameter: 50 when absent, kept within 1…500; not a number is a 400. */
    public int limit() {
        String l = param("limit");
        if (l == null) return 50;
        try {
            return Math.min(500, Math.max(1, Integer.parseInt(l.strip())));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_field", "limit 应为整数 (limit must be a whole number)");
        }
    }

    public String pathParam(int i) {
        return pathParams.get(i);
    }
}
