package zhijian.fraud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many literal patterns found in one pass over the text (Aho–Corasick): the cost depends on the text's length, not on
 * how many patterns there are. Built once; immutable and safe to share between threads. Each node keeps its children
 * in a sorted char array (binary search) and the patterns ending there, including those of its suffixes.
 */
public final class AhoCorasick {
    /** Called for each occurrence: the pattern's number and the index just after its last char. */
    @FunctionalInterface
    public interface Hit {
        void at(int pattern, int end);
    }

    private final char[][] keys;     // node → its children's chars, sorted
    private final int[][] next;      // node → its children, in the same order
    private final int[] fail;
    private final int[][] out;       // node → the patterns that end here (with those of its suffixes)
    private final int patterns;

    public AhoCorasick(List<String> patterns) {
        this.patterns = patterns.size();
        List<Map<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        trie.add(new HashMap<>());
        ends.add(new ArrayList<>());
        for (int p = 0; p < patterns.size(); p++) {
            String s = patterns.get(p);
            if (s.isEmpty()) throw new IllegalArgumentException("empty pattern");
            int node = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                Integer child = trie.get(node).get(c);
                if (child == null) {
                    child = trie.size();
                    trie.add(new HashMap<>());
                    ends.add(new ArrayList<>());
                    trie.get(node).put(c, child);
                }
                node = child;
            }
            ends.get(node).add(p);
        }
        int n = trie.size();
        keys = new char[n][];
        next = new int[n][];
        for (int i = 0; i < n; i++) {
            Character[] cs = trie.get(i).keySet().toArray(new Character[0]);
            Arrays.sort(cs);
            keys[i] = new char[cs.length];
            next[i] = new int[cs.length];
            for (int j = 0; j < cs.length; j++) {
                keys[i][j] = cs[j];
                next[i][j] = trie.get(i).get(cs[j]);
            }
        }
        fail = new int[n];
        out = new int[n][];
        // breadth first: a node's failure link is the longest proper suffix that is also in the trie
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        List<List<Integer>> outs = new ArrayList<>(ends);
        for (int child : next[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int j = 0; j < keys[node].length; j++) {
                char c = keys[node][j];
                int child = next[node][j];
                int f = fail[node];
                int to;
                while ((to = step(f, c)) < 0 && f != 0) f = fail[f];
                fail[child] = to >= 0 && to != child ? to : 0;
                List<Integer> merged = new ArrayList<>(outs.get(child));
                merged.addAll(outs.get(fail[child]));
                outs.set(child, merged);
                queue.add(child);
            }
        }
        for (int i = 0; i < n; i++) out[i] = outs.get(i).stream().mapToInt(Integer::intValue).toArray();
    }

    public int size() { return patterns; }

    private int step(int node, char c) {
        char[] k = keys[node];
        int lo = 0, hi = k.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char m = k[mid];
            if (m < c) lo = mid + 1;
            else if (m > c) hi = mid - 1;
            else return next[node][mid];
        }
        return -1;
    }

    /** Reports every occurrence of every pattern in {@code text}, in order of where they end. */
    public void scan(CharSequence text, Hit hit) {
        int state = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            int to;
            while ((to = step(state, c)) < 0 && state != 0) state = fail[state];
            state = to < 0 ? 0 : to;
            int[] o = out[state];
            for (int p : o) hit.at(p, i + 1);
        }
    }
}
