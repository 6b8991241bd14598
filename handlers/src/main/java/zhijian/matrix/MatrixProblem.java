package zhijian.matrix;

/**
 * Why a matrix (from {@code seeds/} or after a console edit) cannot be used: which thing, which of its fields,
 * the bad value, and the reason in Chinese (for the console) and English (for the seed loader, which adds file and
 * line). Field names are the keys of the seed files and of the console's JSON, e.g. {@code grid_workers}.
 */
public record MatrixProblem(Subject subject, String id, String field, String value, Why why, String zh, String en) {
    /** What a problem is about; {@code id} is null for the collection as a whole ("there are no grids"). */
    public enum Subject {
        STATION("派出所设置", "station"), PERSON("人员", "people"), GRID("网格", "grids"), GROUP("群", "groups");

        private final String label;
        private final String key;

        Subject(String label, String key) {
            this.label = label;
            this.key = key;
        }

        public String label() { return label; }
        /** The plural key used in paths and JSON: people, grids, groups. */
        public String key() { return key; }
    }

    /** What kind of refusal: a value that breaks a rule, a thing that does not exist, a thing still in use. */
    public enum Why { INVALID, NOT_FOUND, IN_USE }

    /**
     * A problem whose Chinese sentence starts with what and which field it is about:
     * {@code 网格「章达村」(zhangda) 的 officer：…}.
     */
    public static MatrixProblem about(Matrix m, Subject s, String id, String field, String value, Why why, String zh, String en) {
        String what = s == Subject.STATION || id == null ? s.label() : named(m, s, id);
        return new MatrixProblem(s, id, field, value, why, field == null ? what + "：" + zh : what + " 的 " + field + "：" + zh, en);
    }

    /** How a thing is named in a sentence: 网格「章达村」(zhangda); a thing the matrix does not have yet by its id. */
    public static String named(Matrix m, Subject s, String id) {
        String name = switch (s) {
            case PERSON -> m.member(id).map(Member::name).orElse(null);
            case GRID -> m.grid(id).map(Grid::name).orElse(null);
            case GROUP -> m.groups().stream().filter(g -> g.id().equals(id)).map(Group::name).findFirst().orElse(null);
            case STATION -> null;
        };
        return s.label() + (name == null ? " " + id : "「" + name + "」(" + id + ")");
    }

    /** Where, e.g. {@code grids.zhangda.officer}. */
    public String where() {
        StringBuilder b = new StringBuilder(subject.key());
        if (id != null && subject != Subject.STATION) b.append('.').append(id);
        if (field != null) b.append('.').append(field);
        return b.toString();
    }

    /** The console's sentence: 中文 (where: English). */
    public String message() {
        return zh + " (" + where() + ": " + en + (value == null ? "" : " (value: '" + value + "')") + ")";
    }
}
