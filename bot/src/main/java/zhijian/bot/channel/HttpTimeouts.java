package zhijian.bot.channel;

import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import java.time.Duration;

/**
 * The HTTP client WxJava calls WeChat with, with our timeouts and no hidden retries. (WxJava's default builder is
 * a JVM-wide singleton, so two services could not have different timeouts.)
 */
public final class HttpTimeouts implements ApacheHttpClientBuilder {
    private final Duration timeout;
    private volatile CloseableHttpClient client;

    public HttpTimeouts(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CloseableHttpClient build() {
        CloseableHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    int ms = (int) timeout.toMillis();
                    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
                    pool.setMaxTotal(100);
                    pool.setDefaultMaxPerRoute(20);
                    client = HttpClients.custom()
                            .setConnectionManager(pool)
                            // WxJava closes the client after fetching a token: the pool must outlive that
                            .setConnectionManagerShared(true)
                            .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(ms).setSocketTimeout(ms)
                                    .setConnectionRequestTimeout(ms).build())
                            .disableAutomaticRetries()
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    @Override public ApacheHttpClientBuilder httpProxyHost(String host) { return this; }
    @Override public ApacheHttpClientBuilder httpProxyPort(int port) { return this; }
    @Override public ApacheHttpClientBuilder httpProxyUsername(String user) { return this; }
    @Override public ApacheHttpClientBuilder httpProxyPassword(String password) { return this; }
    @Override public ApacheHttpClientBuilder httpRequestRetryHandler(HttpRequestRetryHandler handler) { return this; }
    @Override public ApacheHttpClientBuilder keepAliveStrategy(ConnectionKeepAliveStrategy strategy) { return this; }
    @Override public ApacheHttpClientBuilder sslConnectionSocketFactory(SSLConnectionSocketFactory factory) { return this; }
}
