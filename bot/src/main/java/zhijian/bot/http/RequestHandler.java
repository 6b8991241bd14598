package zhijian.bot.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/** Routes one request, runs the route off the event loop, and writes its reply. Errors become JSON with a status. */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final Router router;
    private final ExecutorService blocking;

    RequestHandler(Router router, ExecutorService blocking) {
        this.router = router;
        this.blocking = blocking;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            writeAndClose(ctx, Reply.error(400, "malformed_request", "无法解析的 HTTP 请求 (malformed HTTP request)"));
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path;
        Map<String, List<String>> query;
        try {
            path = qs.path();
            query = qs.parameters();
        } catch (IllegalArgumentException e) {
            write(ctx, Reply.error(400, "malformed_url", "地址编码有误 (malformed URL encoding)"), keepAlive);
            return;
        }
        String method = req.method().name();
        Optional<Router.Match> match = router.match(method, path);
        if (match.isEmpty()) {
            Reply r = router.pathExists(path)
                    ? Reply.error(405, "method_not_allowed", method + " is not allowed on " + path)
                    : Reply.error(404, "not_found", "没有这个地址 (no such path): " + path);
            write(ctx, r, keepAlive);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        String peer = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
        Request request = new Request(method, path, query, req.headers().copy(), body, match.get().params(), peer);
        Route route = match.get().route();
        try {
            blocking.execute(() -> write(ctx, run(route, request), keepAlive));
        } catch (RejectedExecutionException e) {
            write(ctx, Reply.error(503, "busy", "服务繁忙，请稍后重试 (busy, try again)"), false);
        }
    }

    private static Reply run(Route route, Request request) {
        try {
            return route.handle(request);
        } catch (ApiException e) {
            return e.reply();
        } catch (JedisConnectionException | JedisClusterOperationException e) {
            return unavailable(request, e);
        } catch (Exception e) {
            // a redis-server just started answers LOADING until it has read its append-only file, and an old master
            // being demoted by Sentinel answers READONLY: nothing was stored, the sender should retry (503), as when
            // Redis is not reachable at all
            if (e instanceof JedisDataException d && d.getMessage() != null
                    && (d.getMessage().startsWith("LOADING") || d.getMessage().startsWith("READONLY"))) {
                return unavailable(request, d);
            }
            log.error("{} {} failed", request.method(), request.path(), e);
            return Reply.error(500, "internal_error", "服务器内部错误 (internal error)");
        }
    }

    private static Reply unavailable(Request request, RuntimeException e) {
        log.warn("{} {}: Redis unavailable: {}", request.method(), request.path(), e.getMessage());
        return Reply.error(503, "redis_unavailable", "暂时无法保存，请稍后重试 (storage unavailable, nothing was stored; retry)");
    }

    static void write(ChannelHandlerContext ctx, Reply r, boolean keepAlive) {
        FullHttpResponse res = response(r);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static void writeAndClose(ChannelHandlerContext ctx, Reply r) {
        write(ctx, r, false);
    }

    /**
     * Answers a request whose body will not be read (too large) and closes — gently: the answer goes, then our side of
     * the connection is shut (the client sees the end of the answer), and what the client is still sending is read
     * and dropped for a moment. Closing at once would make the kernel reset the connection over the unread bytes,
     * and the client could lose the answer before reading it.
     */
    static void writeAndLingerClose(ChannelHandlerContext ctx, Reply r) {
        FullHttpResponse res = response(r);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // the keep-alive handler would close at once on "Connection: close": this connection ends here, on our terms
        if (ctx.pipeline().get(io.netty.handler.codec.http.HttpServerKeepAliveHandler.class) != null) {
            ctx.pipeline().remove(io.netty.handler.codec.http.HttpServerKeepAliveHandler.class);
        }
        ctx.writeAndFlush(res).addListener(f -> {
            if (ctx.channel() instanceof io.netty.channel.socket.SocketChannel sc && sc.isActive()) {
                sc.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), 2, java.util.concurrent.TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private static FullHttpResponse response(Reply r) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        res.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection error: {}", cause.toString());
        ctx.close();
    }

}
