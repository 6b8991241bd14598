package zhijian.bot.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The few pages the gateway serves, from the jar's {@code /web/} folder. Only the names listed here are served,
 * so no path can reach anything else.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private StaticFiles() {}

    /**
     * The console's pages: scripts and styles only from this gateway (no CDN, no inline script), never framed by
     * another site.
     */
    private static final Map<String, String> CONSOLE_HEADERS = Map.of(
            "Cache-Control", "no-cache",
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    public static Route file(String name) {
        return serve("/web/" + name, Map.of("Cache-Control", "no-cache"));
    }

    /** A file of the staff console, with the console's security headers. */
    public static Route consoleFile(String name) {
        return serve("/web/" + name, CONSOLE_HEADERS);
    }

    /**
     * A file of a WebJar on the class path (an npm package Maven vendored into the jar at build time), e.g.
     * {@code webjar("chart.js", "dist/chart.umd.min.js")}; its version is read from the WebJar itself.
     */
    public static Route webjar(String artifact, String file) {
        java.util.Properties p = new java.util.Properties();
        String props = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = StaticFiles.class.getResourceAsStream(props)) {
            if (in == null) throw new IllegalStateException("missing WebJar " + artifact + " (" + props + ")");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return serve("/META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/" + file, CONSOLE_HEADERS);
    }

    private static Route serve(String path, Map<String, String> headers) {
        byte[] body = read(path);
        String ext = path.substring(path.lastIndexOf('.') + 1);
        Reply reply = new Reply(200, TYPES.getOrDefault(ext, "application/octet-stream"), body, headers);
        return req -> reply;
    }

    private static byte[] read(String path) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing web resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
