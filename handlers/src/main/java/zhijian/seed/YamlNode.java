package zhijian.seed;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML node that remembers its file and line, so every validation error can say where it is.
 * Reads only plain data (maps, lists, scalars): no tags, no anchors to arbitrary types.
 */
public final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private final String file;
    private final Node node;     // null when missing
    private final int line;      // line of the node, or of the parent for a missing key
    private final String path;   // e.g. routes[3].chain

    private YamlNode(String file, Node node, int line, String path) {
        this.file = file;
        this.node = node;
        this.line = line;
        this.path = path;
    }

    public static YamlNode parse(String displayName, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(8 * 1024 * 1024);
        try (Reader reader = new StringReader(text)) {
            Node root = new Yaml(options).compose(reader);
            return new YamlNode(displayName, root, 1, "");
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new SeedException(displayName, line, null, "not valid YAML: " + e.getProblem());
        } catch (RuntimeException | IOException e) {
            throw new SeedException(displayName, 1, null, "not valid YAML: " + e.getMessage());
        }
    }

    public static YamlNode load(Path file, String displayName) {
        try {
            return parse(displayName, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SeedException(displayName, 0, null, "cannot read file: " + e.getMessage());
        }
    }

    public String file() { return file; }
    public int line() { return line; }
    public boolean isMissing() { return node == null || isNullScalar(); }

    private boolean isNullScalar() {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    public YamlNode get(String key) {
        if (node == null) return new YamlNode(file, null, line, path + "." + key);
        if (!(node instanceof MappingNode map)) throw error("expected a mapping with key '" + key + "'", null);
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return new YamlNode(file, t.getValueNode(), lineOf(t.getValueNode()), join(key));
            }
        }
        return new YamlNode(file, null, line, join(key));
    }

    public YamlNode require(String key) {
        YamlNode n = get(key);
        if (n.isMissing()) throw error("missing required key '" + key + "'", null);
        return n;
    }

    /** Keys of a mapping in file order. */
    public Map<String, YamlNode> entries() {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (isMissing()) return out;
        if (!(node instanceof MappingNode map)) throw error("expected a mapping", scalarOrNull());
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw error("keys must be plain text", null);
            out.put(k.getValue(), new YamlNode(file, t.getValueNode(), lineOf(t.getValueNode()), join(k.getValue())));
        }
        return out;
    }

    public List<YamlNode> list() {
        List<YamlNode> out = new ArrayList<>();
        if (isMissing()) return out;
        if (!(node instanceof SequenceNode seq)) throw error("expected a list", scalarOrNull());
        int i = 0;
        for (Node n : seq.getValue()) {
            out.add(new YamlNode(file, n, lineOf(n), path + "[" + i++ + "]"));
        }
        return out;
    }

    /** A list of strings; a single scalar counts as a list of one. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        if (isMissing()) return out;
        if (node instanceof ScalarNode) {
            out.add(text());
            return out;
        }
        for (YamlNode n : list()) out.add(n.text());
        return out;
    }

    public boolean isList() { return node instanceof SequenceNode; }

    public boolean isScalar() { return node instanceof ScalarNode && !isNullScalar(); }

    public String text() {
        if (isMissing()) throw error("missing value for '" + path + "'", null);
        if (!(node instanceof ScalarNode s)) throw error("expected a single value for '" + path + "'", null);
        String v = s.getValue().strip();
        if (v.isEmpty()) throw error("empty value for '" + path + "'", v);
        return v;
    }

    public String text(String fallback) {
        return isMissing() ? fallback : text();
    }

    public int integer(int fallback) {
        if (isMissing()) return fallback;
        String v = text();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw error("expected a whole number", v);
        }
    }

    public double number(double fallback) {
        if (isMissing()) return fallback;
        String v = text();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw error("expected a number", v);
        }
    }

    public boolean bool(boolean fallback) {
        if (isMissing()) return fallback;
        String v = text();
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false", v);
        };
    }

    /** Durations like {@code 90s}, {@code 30m}, {@code 4h}, {@code 2d} or {@code 1h30m}. */
    public Duration duration() {
        String v = text();
        Duration d = parseDuration(v);
        if (d == null) throw error("expected a duration like 30m, 4h or 2d", v);
        return d;
    }

    public Duration duration(Duration fallback) {
        return isMissing() ? fallback : duration();
    }

    public static Duration parseDuration(String v) {
        String s = v.replace(" ", "");
        Matcher m = DURATION.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) return null;
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        return end == s.length() && end > 0 && !total.isZero() ? total : null;
    }

    public SeedException error(String problem, String value) {
        return new SeedException(file, line, value, problem);
    }

    /** An error about this node that quotes its own value when it is a single value. */
    public SeedException error(String problem) {
        return error(problem, scalarOrNull());
    }

    private String scalarOrNull() {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static int lineOf(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
