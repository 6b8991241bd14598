package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import zhijian.bot.http.ApiException;
import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.bot.store.MatrixStore;
import zhijian.console.Access;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.Matrix;
import zhijian.matrix.MatrixProblem;
import zhijian.matrix.MatrixProblem.Subject;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.matrix.Station;
import zhijian.matrix.edit.MatrixEdit;
import zhijian.matrix.edit.Outcome;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matrix on the staff console: the station's directory for everyone of staff (grids, groups with their channel
 * binding and admin, people with their roles), and — for the chief and the system admins only — adding and changing
 * grids, groups, people and the station's posts, deactivating and reactivating them, and the change log. Field names
 * are those of {@code seeds/*.yaml}, in the directory and in the bodies alike. A change is in Redis when the reply
 * comes and every instance works with it within a second.
 */
public final class MatrixApi {
    private static final Set<String> PERSON_FIELDS = Set.of("id", "name", "roles", "grids", "note", "wecom", "bridge");
    private static final Set<String> GRID_FIELDS = Set.of("id", "name", "officer", "grid_workers", "mediators", "household_heads");
    private static final Set<String> GROUP_FIELDS = Set.of("id", "name", "tier", "kind", "grid", "admin", "members", "channel",
            "channel_ref", "aliases");
    private static final Set<String> STATION_FIELDS = Set.of("chief", "duty_rota", "mediation_room");

    private final MatrixStore matrices;
    private final Clock clock;

    public MatrixApi(MatrixStore matrices, Clock clock) {
        this.matrices = matrices;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- GET /api/console/matrix

    /** The directory. Addresses (WeCom ids, WeChat names) and residents' notes only for those who edit it. */
    public Reply matrix(Request req, Access who) {
        MatrixStore.Versioned v = matrices.versioned();
        Matrix m = v.matrix();
        boolean full = who.editsMatrix();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", v.revision());
        body.put("can_edit", full);
        body.put("station", station(m, clock));
        List<Map<String, Object>> grids = new ArrayList<>();
        for (Grid g : m.grids()) grids.add(grid(g, m));
        body.put("grids", grids);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Group g : m.groups()) groups.add(group(g, m));
        body.put("groups", groups);
        List<Map<String, Object>> people = new ArrayList<>();
        for (Member p : m.members()) people.add(person(p, m, full));
        body.put("people", people);
        return Reply.json(200, body);
    }

    private static Map<String, Object> station(Matrix m, Clock clock) {
        Station s = m.station();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.name());
        v.put("county", s.county());
        v.put("township", s.township());
        v.put("chief", s.chief());
        v.put("chief_name", m.nameOf(s.chief()));
        v.put("duty_rota", s.dutyRota());
        v.put("duty_rota_names", names(s.dutyRota(), m));
        v.put("duty_today", s.dutyOfficerOn(LocalDate.ofInstant(clock.instant(), s.zone())));
        v.put("mediation_room", s.mediationRoom());
        v.put("mediation_room_names", names(s.mediationRoom(), m));
        return v;
    }

    private static Map<String, Object> grid(Grid g, Matrix m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", g.id());
        v.put("name", g.name());
        v.put("active", g.active());
        v.put("officer", g.officer());
        v.put("officer_name", m.nameOf(g.officer()));
        v.put("grid_workers", g.gridWorkers());
        v.put("mediators", g.mediators());
        v.put("household_heads", g.householdHeads());
        return v;
    }

    private static Map<String, Object> group(Group g, Matrix m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", g.id());
        v.put("name", g.name());
        v.put("active", g.active());
        v.put("tier", g.tier().number());
        v.put("kind", g.kind().key());
        v.put("kind_label", g.kind().label());
        v.put("grid", g.grid());
        v.put("grid_name", g.grid() == null ? null : m.gridName(g.grid()));
        v.put("admin", g.admin());
        v.put("admin_name", g.admin() == null ? null : m.nameOf(g.admin()));
        v.put("channel", g.channel());
        v.put("channel_ref", g.channelRef());
        v.put("aliases", g.aliases());
        v.put("members", g.members());
        return v;
    }

    private static Map<String, Object> person(Member p, Matrix m, boolean full) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("name", p.name());
        v.put("active", p.active());
        v.put("roles", p.roles().stream().sorted().map(Role::key).toList());
        v.put("role_labels", p.roles().stream().sorted().map(Role::label).toList());
        v.put("grids", p.grids());
        v.put("grid_names", p.grids().stream().map(m::gridName).toList());
        boolean staff = p.roles().stream().anyMatch(Role::isStaff);
        if (full || staff) v.put("note", p.note());
        if (full) {
            v.put("wecom", p.dm() != null && p.dm().channel().equals("wecom_app") ? p.dm().ref() : null);
            v.put("bridge", p.dm() != null && p.dm().channel().equals("bridge") ? p.dm().ref() : null);
        }
        return v;
    }

    private static List<String> names(List<String> ids, Matrix m) {
        return ids.stream().map(m::nameOf).toList();
    }

    // ---------------------------------------------------------------- GET /api/console/matrix/changes

    /** The change log, newest first: who changed what, when. For those who edit the matrix. */
    public Reply changes(Request req, Access who) {
        mayEdit(who);
        List<Map<String, Object>> out = new ArrayList<>();
        for (MatrixStore.Change c : matrices.changes(req.limit())) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("revision", c.rev());
            v.put("at", c.at().toString());
            v.put("by", c.by());
            v.put("by_name", c.byName());
            v.put("action", c.action());
            v.put("kind", c.subject());
            v.put("id", c.id());
            v.put("summary", c.summary());
            out.add(v);
        }
        return Reply.json(200, Map.of("changes", out));
    }

    // ---------------------------------------------------------------- POST: upserts

    /** POST /api/console/matrix/people — a line of roster.yaml, by id. */
    public Reply upsertPerson(Request req, Access who) {
        mayEdit(who);
        Body b = Body.of(req, PERSON_FIELDS);
        return apply(new MatrixEdit.Person(b.id(), b.text("name"), b.list("roles"), b.list("grids"), b.text("note"),
                b.text("wecom"), b.text("bridge")), who);
    }

    /** POST /api/console/matrix/grids — a grid of grids.yaml, by id. */
    public Reply upsertGrid(Request req, Access who) {
        mayEdit(who);
        Body b = Body.of(req, GRID_FIELDS);
        return apply(new MatrixEdit.Grid(b.id(), b.text("name"), b.text("officer"), b.list("grid_workers"),
                b.list("mediators"), b.list("household_heads")), who);
    }

    /** POST /api/console/matrix/groups — a group of groups.yaml, by id. */
    public Reply upsertGroup(Request req, Access who) {
        mayEdit(who);
        Body b = Body.of(req, GROUP_FIELDS);
        return apply(new MatrixEdit.Group(b.id(), b.text("name"), b.integer("tier"), b.text("kind"), b.text("grid"),
                b.text("admin"), b.list("members"), b.text("channel"), b.text("channel_ref"), b.list("aliases")), who);
    }

    /** POST /api/console/matrix/station — the station's posts: chief, duty_rota, mediation_room. */
    public Reply updateStation(Request req, Access who) {
        mayEdit(who);
        Body b = Body.of(req, STATION_FIELDS);
        return apply(new MatrixEdit.Station(b.text("chief"), b.list("duty_rota"), b.list("mediation_room")), who);
    }

    // ---------------------------------------------------------------- POST: (de)activation

    /** POST /api/console/matrix/{kind}/{id}/deactivate — kind is people, grids or groups. */
    public Reply deactivate(Request req, Access who) {
        return setActive(req, who, false);
    }

    /** POST /api/console/matrix/{kind}/{id}/reactivate */
    public Reply reactivate(Request req, Access who) {
        return setActive(req, who, true);
    }

    private Reply setActive(Request req, Access who, boolean active) {
        mayEdit(who);
        String kind = req.pathParam(0);
        Subject subject = switch (kind) {
            case "people" -> Subject.PERSON;
            case "grids" -> Subject.GRID;
            case "groups" -> Subject.GROUP;
            default -> throw ApiException.notFound("not_found", "没有这一类：" + kind + "，可选 people、grids、groups (kind is people, grids or groups)");
        };
        return apply(new MatrixEdit.SetActive(subject, req.pathParam(1), active), who);
    }

    // ---------------------------------------------------------------- applying

    private static void mayEdit(Access who) {
        if (!who.editsMatrix()) {
            throw new ApiException(403, "forbidden", "只有所长和系统管理员可以维护群矩阵 (only the chief and system admins keep the matrix)");
        }
    }

    private Reply apply(MatrixEdit edit, Access who) {
        MatrixStore.Edited done;
        try {
            done = matrices.edit(edit, who.id());
        } catch (MatrixStore.Contended e) {
            throw new ApiException(409, "busy", "群矩阵正在被别人修改，请稍后重试 (the matrix kept changing; nothing was written, try again)");
        }
        Outcome out = done.outcome();
        if (out instanceof Outcome.Refused r) {
            MatrixProblem p = r.problem();
            int status = switch (p.why()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case IN_USE -> 409;
            };
            String code = switch (p.why()) {
                case INVALID -> "invalid";
                case NOT_FOUND -> "not_found";
                case IN_USE -> "in_use";
            };
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", code);
            body.put("message", p.message());
            body.put("field", p.where());
            return Reply.json(status, body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changed", out instanceof Outcome.Applied);
        body.put("revision", done.revision());
        body.put("summary", out instanceof Outcome.Applied a ? a.summary() : ((Outcome.Unchanged) out).summary());
        return Reply.json(200, body);
    }

    /** A JSON object body whose fields are all known: absent = not given, null = empty, otherwise of the right type. */
    private record Body(JsonNode json) {
        static Body of(Request req, Set<String> known) {
            JsonNode json = req.jsonObject();
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    List<String> sorted = known.stream().sorted().toList();
                    throw ApiException.badRequest("unknown_field", "不认识的字段 " + f + "，可用：" + String.join("、", sorted)
                            + " (unknown field " + f + "; known: " + String.join(", ", sorted) + ")");
                }
            }
            return new Body(json);
        }

        String id() {
            String id = text("id");
            if (id == null || id.isBlank()) throw ApiException.badRequest("bad_field", "要填 id (id is required)");
            return id.strip();
        }

        String text(String f) {
            JsonNode n = json.get(f);
            if (n == null) return null;
            if (n.isNull()) return "";
            if (!n.isTextual()) throw ApiException.badRequest("bad_field", f + " 应为文字 (" + f + " must be a string)");
            return n.asText();
        }

        List<String> list(String f) {
            JsonNode n = json.get(f);
            if (n == null) return null;
            if (n.isNull()) return List.of();
            ApiException bad = ApiException.badRequest("bad_field", f + " 应为文字列表，如 [\"p-tashi\"] (" + f + " must be a list of strings)");
            if (!n.isArray()) throw bad;
            List<String> out = new ArrayList<>();
            for (JsonNode x : n) {
                if (!x.isTextual()) throw bad;
                out.add(x.asText().strip());
            }
            return out;
        }

        Integer integer(String f) {
            JsonNode n = json.get(f);
            if (n == null || n.isNull()) return null;
            if (!n.canConvertToInt() || !n.isIntegralNumber()) throw ApiException.badRequest("bad_field", f + " 应为整数 (" + f + " must be a whole number)");
            return n.asInt();
        }
    }

}
