package zhijian.matrix;

import java.util.List;

/**
 * A grid (网格): here a village with its community police officer and village staff.
 * Staff lists keep their order: the first 网格员 is the one a ticket goes to.
 */
public record Grid(String id, String name, String officer, List<String> gridWorkers, List<String> mediators,
                   List<String> householdHeads, boolean active) {
    public Grid {
        gridWorkers = List.copyOf(gridWorkers);
        mediators = List.copyOf(mediators);
        householdHeads = List.copyOf(householdHeads);
    }
}
