package zhijian.bot.bench;

import zhijian.bot.channel.wecom.CallbackCrypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The benchmarks' load generator: encrypted, signed WeCom app callbacks built as WeCom builds them, posted over
 * {@code connections} keep-alive HTTP/1.1 connections on loopback, each connection sending its next request as soon
 * as the answer to the last one is read (a closed loop). Latency is from the request's first byte written to the
 * answer's last byte read.
 */
final class CallbackLoad {
    /** The outcome of one load: answers by status, the latencies of the 200s (sorted, ns), and the wall time. */
    record Result(int ok, int refused, int failed, long[] latencies, long wallNanos, List<String> firstErrors) {
        double perSecond() {
            return ok / (wallNanos / 1e9);
        }

        double ms(double q) {
            return BenchKit.percentile(latencies, q) / 1e6;
        }

        double maxMs() {
            return latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6;
        }
    }

    private final CallbackCrypto crypto;
    private final String corpId;
    private final AtomicInteger nonce = new AtomicInteger(1000);

    CallbackLoad(String token, String aesKey, String corpId) {
        this.crypto = new CallbackCrypto(token, aesKey, corpId);
        this.corpId = corpId;
    }

    /** The whole HTTP request of one text message from {@code fromUser}, encrypted and signed for {@code timestamp}. */
    byte[] request(String fromUser, String text, long msgId, long timestamp) {
        String plain = "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName><FromUserName><![CDATA[" + fromUser
                + "]]></FromUserName><CreateTime>" + timestamp + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
                + text + "]]></Content><MsgId>" + msgId + "</MsgId><AgentID>1000002</AgentID></xml>";
        String enc = crypto.seal(plain);
        String n = String.valueOf(nonce.incrementAndGet());
        String ts = String.valueOf(timestamp);
        String body = "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName><Encrypt><![CDATA[" + enc
                + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /wecom/callback?msg_signature=" + crypto.sign(ts, n, enc) + "&timestamp=" + ts + "&nonce=" + n
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, out, h.length, b.length);
        return out;
    }

    /** Builds {@code n} requests, request {@code i} by {@code make}, on every core. */
    static byte[][] build(int n, IntFunction<byte[]> make) {
        byte[][] out = new byte[n][];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> out[i] = make.apply(i));
        return out;
    }

    /** Posts every request once over {@code connections} connections and waits for every answer. */
    static Result post(int port, byte[][] requests, int connections) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] lat = new long[requests.length];
        int[] status = new int[requests.length];
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                Conn conn = null;
                int i;
                while ((i = next.getAndIncrement()) < requests.length) {
                    long t0 = System.nanoTime();
                    try {
                        if (conn == null) conn = new Conn(port);
                        status[i] = conn.exchange(requests[i]);
                        if (conn.closed) conn = closeQuietly(conn);
                    } catch (IOException e) {
                        status[i] = -1;
                        if (errors.size() < 5) errors.add(e.toString());
                        conn = closeQuietly(conn);
                    }
                    lat[i] = System.nanoTime() - t0;
                }
                closeQuietly(conn);
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        long wall = System.nanoTime() - start;
        int ok = 0, refused = 0, failed = 0;
        long[] okLat = new long[requests.length];
        for (int i = 0; i < requests.length; i++) {
            if (status[i] == 200) okLat[ok++] = lat[i];
            else if (status[i] > 0) refused++;
            else failed++;
        }
        long[] sorted = Arrays.copyOf(okLat, ok);
        Arrays.sort(sorted);
        return new Result(ok, refused, failed, sorted, wall, List.copyOf(errors));
    }

    private static Conn closeQuietly(Conn c) {
        if (c != null) {
            try {
                c.socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
        return null;
    }

    /** One keep-alive connection: writes a request, reads the status line, the headers and Content-Length bytes. */
    static final class Conn {
        final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final StringBuilder line = new StringBuilder();
        /** The server said it closes this connection after its answer. */
        boolean closed;

        Conn(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP answer: " + statusLine);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            boolean close = false;
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring(15).strip());
                if (lower.startsWith("connection:") && lower.contains("close")) close = true;
            }
            for (int i = 0; i < length; i++) {
                if (in.read() < 0) throw new IOException("connection closed in the body");
            }
            closed = close;
            return status;
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("connection closed");
                if (c != '\r') line.append((char) c);
            }
            return line.toString();
        }
    }
}
