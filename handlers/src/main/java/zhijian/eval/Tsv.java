package zhijian.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Evaluation files: UTF-8, a header line {@code label<TAB>text[<TAB>source]}, one TAB between fields. */
public final class Tsv {
    private Tsv() {}

    public record Row(int line, String label, String text, String source) {}

    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + ": empty file");
        String[] header = lines.get(0).replace("\uFEFF", "").split("\t", -1);
        int label = indexOf(header, "label", file), text = indexOf(header, "text", file);
        int source = List.of(header).indexOf("source");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length <= Math.max(label, text)) {
                throw new IOException(file + ":" + (i + 1) + ": expected " + header.length + " fields, found " + f.length);
            }
            rows.add(new Row(i + 1, f[label].strip(), f[text], source >= 0 && source < f.length ? f[source].strip() : ""));
        }
        return rows;
    }

    private static int indexOf(String[] header, String name, Path file) throws IOException {
        for (int i = 0; i < header.length; i++) if (header[i].strip().equals(name)) return i;
        throw new IOException(file + ":1: the header has no '" + name + "' column");
    }
}
