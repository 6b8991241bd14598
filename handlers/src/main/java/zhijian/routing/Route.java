package zhijian.routing;

import zhijian.matrix.Role;

import java.time.Duration;
import java.util.List;

/**
 * Where one kind of request goes in one grid (or in every grid when {@code grid} is null): an ordered chain of
 * handlers — the first signs for it, each next one takes it when the one before misses a deadline — who gets a copy (cc),
 * and the deadlines to sign and to finish.
 */
public record Route(String grid, String category, List<Role> chain, List<Role> cc, Duration signWithin,
                    Duration finishWithin) {
    public Route {
        chain = List.copyOf(chain);
        cc = List.copyOf(cc);
    }

    /** A readable key for logs and tests: {@code zhangda/dispute} or {@code "*" + "/dispute"} (any grid). */
    public String key() {
        return (grid == null ? "*" : grid) + "/" + category;
    }
}
