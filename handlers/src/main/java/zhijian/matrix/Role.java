package zhijian.matrix;

import java.util.Arrays;
import java.util.Optional;

/** What a person is in the matrix. Everyone but a resident is staff. */
public enum Role {
    CHIEF("chief", "所长"),
    /** Keeps the matrix and the console (内勤, 系统管理员); not police, sees everything. */
    ADMIN("admin", "系统管理员"),
    DUTY_OFFICER("duty_officer", "值班民警"),
    OFFICER("officer", "民警"),
    COMMUNITY_OFFICER("community_officer", "社区民警"),
    COUNTY_HEAD("county_head", "县局部门负责人"),
    GRID_WORKER("grid_worker", "网格员"),
    HOUSEHOLD_HEAD("household_head", "双联户户长"),
    MEDIATOR("mediator", "调解员"),
    RESIDENT("resident", "居民");

    private final String key;
    private final String label;

    Role(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name used in seed files and JSON, e.g. {@code community_officer}. */
    public String key() { return key; }

    /** The Chinese name shown to people, e.g. 社区民警. */
    public String label() { return label; }

    public boolean isStaff() { return this != RESIDENT; }

    /** Police officers (who may sign for police work and, later, publish). */
    public boolean isPolice() {
        return this == CHIEF || this == DUTY_OFFICER || this == OFFICER || this == COMMUNITY_OFFICER || this == COUNTY_HEAD;
    }

    public static Optional<Role> fromKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
