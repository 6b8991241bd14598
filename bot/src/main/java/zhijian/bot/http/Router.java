package zhijian.bot.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps method and path to a route. Paths are literal, or contain {@code {name}} segments that match one path
 * segment of safe characters (letters, digits, '-', '_', '.', ':').
 */
public final class Router {
    private record Entry(String method, Pattern path, Route route) {}

    /** A matched route with the values of its {@code {name}} segments. */
    public record Match(Route route, List<String> params) {}

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String path, Route route) {
        String regex = Pattern.quote(path).replaceAll("\\{[a-z]+\\}", "\\\\E([A-Za-z0-9_.:-]{1,128})\\\\Q");
        entries.add(new Entry(method, Pattern.compile(regex), route));
        return this;
    }

    public Router get(String path, Route route) { return add("GET", path, route); }

    public Router post(String path, Route route) { return add("POST", path, route); }

    /** The route for this method and path; empty when none. {@code methodKnown} tells 404 from 405. */
    public Optional<Match> match(String method, String path) {
        for (Entry e : entries) {
            Matcher m = e.path.matcher(path);
            if (e.method.equals(method) && m.matches()) {
                List<String> params = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) params.add(m.group(i));
                return Optional.of(new Match(e.route, params));
            }
        }
        return Optional.empty();
    }

    /** Whether some route has this path under another method (405 rather than 404). */
    public boolean pathExists(String path) {
        return entries.stream().anyMatch(e -> e.path.matcher(path).matches());
    }
}
