package zhijian.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes by grid × category: a grid's own route wins, else the route for every grid.
 * Built once from validated seeds, so every category the seeds route has an answer.
 */
public final class RouteTable {
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public RouteTable(List<Route> routes) {
        for (Route r : routes) this.routes.put(r.key(), r);
    }

    public Optional<Route> route(String grid, String category) {
        Route own = grid == null ? null : routes.get(grid + "/" + category);
        return Optional.ofNullable(own != null ? own : routes.get("*/" + category));
    }

    public List<Route> routes() { return List.copyOf(routes.values()); }
}
