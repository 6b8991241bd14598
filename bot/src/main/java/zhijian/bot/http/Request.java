package zhijian.bot.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What a route sees of a request: method, path, query, headers and the body (already size-checked). */
public record Request(String method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                      List<String> pathParams) {
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String pathParam(int i) {
        return pathParams.get(i);
    }
}
