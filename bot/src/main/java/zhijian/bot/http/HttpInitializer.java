package zhijian.bot.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

import java.util.concurrent.ExecutorService;

/** The pipeline and nothing else. */
final class HttpInitializer extends ChannelInitializer<SocketChannel> {
    private final Router router;
    private final ExecutorService blocking;
    private final int maxBodyBytes;

    HttpInitializer(Router router, ExecutorService blocking, int maxBodyBytes) {
        this.router = router;
        this.blocking = blocking;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(new HttpServerCodec(4096, 16 * 1024, 16 * 1024));
        p.addLast(new HttpServerKeepAliveHandler());
        p.addLast(new JsonSizeLimit(maxBodyBytes));
        p.addLast(new RequestHandler(router, blocking));
    }

    /** Refuses bodies over the limit with a JSON 413, before reading them (the rest is dropped), and closes the connection. */
    static final class JsonSizeLimit extends HttpObjectAggregator {
        private final int max;

        JsonSizeLimit(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized) {
            RequestHandler.writeAndLingerClose(ctx, Reply.error(413, "body_too_large",
                    "请求体超过 " + max + " 字节上限 (request body over " + max + " bytes)"));
        }
    }
}
