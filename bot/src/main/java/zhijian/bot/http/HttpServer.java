package zhijian.bot.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** The gateway's HTTP server: Netty on one port, routes run on a blocking executor of our own. */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final String host;
    private final int requestedPort;
    private final int maxBodyBytes;
    private final Router router;
    private final ExecutorService blocking;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    public HttpServer(String host, int port, int maxBodyBytes, Router router, ExecutorService blocking) {
        this.host = host;
        this.requestedPort = port;
        this.maxBodyBytes = maxBodyBytes;
        this.router = router;
        this.blocking = blocking;
    }

    public HttpServer start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new HttpInitializer(router, blocking, maxBodyBytes));
        channel = b.bind(host, requestedPort).sync().channel();
        log.info("HTTP listening on http://{}:{}", host, port());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) channel.close().syncUninterruptibly();
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
