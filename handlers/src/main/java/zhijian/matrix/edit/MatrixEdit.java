package zhijian.matrix.edit;

import zhijian.matrix.MatrixProblem.Subject;

import java.util.List;

/**
 * One change of the matrix from the console, as the fields it was given. Upserts go by id: a new id adds, a known id
 * changes only the fields given (null = not given: kept, or the default for something new; an empty list clears a
 * list; for {@code wecom} / {@code bridge} an empty text removes the address). Nothing is ever removed: people,
 * grids and groups are deactivated ({@link SetActive}), so old tickets keep their handler and old broadcasts their
 * groups. Field names are those of the seed files and of the console's JSON.
 */
public sealed interface MatrixEdit {
    Subject subject();

    /** The id of what is changed; null for the station's posts. */
    String id();

    /** A line of roster.yaml: who, their roles, the grids they live in or cover, how the bot reaches them. */
    record Person(String id, String name, List<String> roles, List<String> grids, String note, String wecom,
                  String bridge) implements MatrixEdit {
        public Subject subject() { return Subject.PERSON; }
    }

    /** A grid (village) and its posts; the first active person of each list is the one a ticket goes to. */
    record Grid(String id, String name, String officer, List<String> gridWorkers, List<String> mediators,
                List<String> householdHeads) implements MatrixEdit {
        public Subject subject() { return Subject.GRID; }
    }

    /** A group: tier and kind, its grid and admin (a tier-2 group's admin is its grid's officer), channel binding. */
    record Group(String id, String name, Integer tier, String kind, String grid, String admin, List<String> members,
                 String channel, String channelRef, List<String> aliases) implements MatrixEdit {
        public Subject subject() { return Subject.GROUP; }
    }

    /** The station's posts: the chief, the duty rota (one a day, in turn), the township's mediation room. */
    record Station(String chief, List<String> dutyRota, List<String> mediationRoom) implements MatrixEdit {
        public Subject subject() { return Subject.STATION; }
        public String id() { return null; }
    }

    /** Deactivates ({@code active = false}) or reactivates a person, a grid or a group. */
    record SetActive(Subject subject, String id, boolean active) implements MatrixEdit {}
}
