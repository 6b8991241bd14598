package zhijian.bot.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import zhijian.bot.testing.GatewayHarness;
import zhijian.bot.testing.GatewayHarness.Response;
import zhijian.console.Access;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zhijian.bot.testing.ConsoleCalls.as;
import static zhijian.bot.testing.ConsoleCalls.get;
import static zhijian.bot.testing.ConsoleCalls.post;

/**
 * The console's matrix endpoints on a real gateway and Redis, called as the server calls them once the log-in has
 * said who is asking: the directory every staffer reads, and edits only the chief and the admins may make.
 */
class MatrixApiTest {
    private GatewayHarness gw;
    private MatrixApi api;
    private final Access admin = as("p-admin");

    @BeforeEach
    void start(TestInfo info) throws Exception {
        gw = GatewayHarness.start("mx-" + info.getTestMethod().orElseThrow().getName());
        api = gw.gateway.matrixApi();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private JsonNode directory(Access who) {
        Response r = get(api::matrix, who, "/api/console/matrix");
        assertEquals(200, r.status(), r.raw());
        return r.body();
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode n : list) if (n.get("id").asText().equals(id)) return n;
        return null;
    }

    private List<String> changeSummaries() {
        Response r = get(api::changes, admin, "/api/console/matrix/changes");
        assertEquals(200, r.status(), r.raw());
        List<String> out = new ArrayList<>();
        r.body().get("changes").forEach(c -> out.add(c.get("summary").asText()));
        return out;
    }

    @Test
    void aVillageStaffer_readsTheDirectory_withoutAnyonesAddresses_orResidentsNotes() {
        JsonNode d = directory(as("v-zd-gw"));
        assertFalse(d.get("can_edit").asBoolean());
        JsonNode transport = byId(d.get("groups"), "g-ent-transport");
        assertEquals("wecom_customer_group", transport.get("channel").asText());
        assertEquals("wrAZtransport0001", transport.get("channel_ref").asText());
        assertEquals("扎西平措", transport.get("admin_name").asText());
        assertEquals(2, transport.get("tier").asInt());
        JsonNode zhangda = byId(d.get("grids"), "zhangda");
        assertEquals("扎西平措", zhangda.get("officer_name").asText());
        assertEquals("v-zd-gw", zhangda.get("grid_workers").get(0).asText());
        assertEquals("王建军", d.get("station").get("chief_name").asText());

        JsonNode tashi = byId(d.get("people"), "p-tashi");
        assertEquals("社区民警", tashi.get("role_labels").get(0).asText());
        assertTrue(tashi.get("active").asBoolean());
        assertFalse(tashi.has("wecom"), "a WeCom id only for those who edit: " + tashi);
        JsonNode ciren = byId(d.get("people"), "r-ciren");
        assertFalse(ciren.has("bridge") || ciren.has("note"), "a resident's nickname and note stay hidden: " + ciren);
        assertTrue(byId(d.get("people"), "c-gesang").get("note").asText().contains("反诈中心"), "staff notes are the directory");

        JsonNode full = directory(admin);
        assertTrue(full.get("can_edit").asBoolean());
        assertEquals("次仁（货车）", byId(full.get("people"), "r-ciren").get("bridge").asText());
        assertEquals("ZhaXiPingCuo", byId(full.get("people"), "p-tashi").get("wecom").asText());
    }

    @Test
    void anOfficer_mayReadButNotEdit() {
        Access officer = as("p-duoji");
        long rev = directory(officer).get("revision").asLong();
        Response r = post(api::upsertPerson, officer, "/api/console/matrix/people",
                "{\"id\":\"v-new\",\"name\":\"新人\",\"roles\":[\"grid_worker\"]}");
        assertEquals(403, r.status(), r.raw());
        assertTrue(r.body().get("message").asText().contains("只有所长和系统管理员"), r.raw());
        assertEquals(403, post(api::deactivate, officer, "/api/console/matrix/people/r-ciren/deactivate", "", "people", "r-ciren").status());
        assertEquals(403, get(api::changes, officer, "/api/console/matrix/changes").status());
        assertEquals(rev, directory(officer).get("revision").asLong(), "nothing was written");
        assertEquals(null, byId(directory(admin).get("people"), "v-new"));
    }

    @Test
    void badBodies_areRefusedWithTheReason_andNothingIsHalfWritten() {
        long rev = directory(admin).get("revision").asLong();
        Response badJson = post(api::upsertGrid, admin, "/api/console/matrix/grids", "{\"id\":\"deji\",");
        assertEquals(400, badJson.status());
        assertEquals("bad_json", badJson.body().get("error").asText());

        Response unknown = post(api::upsertGrid, admin, "/api/console/matrix/grids", "{\"id\":\"deji\",\"officr\":\"p-norbu\"}");
        assertEquals(400, unknown.status());
        assertEquals("unknown_field", unknown.body().get("error").asText());
        assertTrue(unknown.body().get("message").asText().contains("officr"), unknown.raw());

        Response wrongType = post(api::upsertPerson, admin, "/api/console/matrix/people",
                "{\"id\":\"v-new\",\"name\":\"新人\",\"roles\":\"grid_worker\"}");
        assertEquals(400, wrongType.status());
        assertTrue(wrongType.body().get("message").asText().contains("roles 应为文字列表"), wrongType.raw());

        Response noId = post(api::upsertGroup, admin, "/api/console/matrix/groups", "{\"name\":\"某群\"}");
        assertEquals(400, noId.status());
        assertTrue(noId.body().get("message").asText().contains("要填 id"), noId.raw());

        // the grid and its groups would change together: refused, neither changes
        Response invalid = post(api::upsertGrid, admin, "/api/console/matrix/grids", "{\"id\":\"deji\",\"officer\":\"r-ciren\"}");
        assertEquals(400, invalid.status(), invalid.raw());
        assertEquals("invalid", invalid.body().get("error").asText());
        assertEquals("grids.deji.officer", invalid.body().get("field").asText());
        String message = invalid.body().get("message").asText();
        assertTrue(message.startsWith("网格「德吉村」(deji) 的 officer：次仁（r-ciren） 没有「社区民警」角色"), message);
        assertTrue(message.contains("(grids.deji.officer: 次仁 does not have the role community_officer"), message);

        JsonNode d = directory(admin);
        assertEquals(rev, d.get("revision").asLong(), "nothing was written");
        assertEquals("p-lhamo", byId(d.get("grids"), "deji").get("officer").asText());
        assertEquals("p-lhamo", byId(d.get("groups"), "g-deji").get("admin").asText());
        assertEquals(1, changeSummaries().size(), "only the first start's seeding is logged");
    }

    @Test
    void anAdmin_addsAVillageStaffer_putsHimOnTheGrid_andTheLogSaysWhoDidWhat() {
        Response added = post(api::upsertPerson, admin, "/api/console/matrix/people",
                "{\"id\":\"v-zd-gw2\",\"name\":\"格桑\",\"roles\":[\"grid_worker\"],\"wecom\":\"GeSang2\"}");
        assertEquals(200, added.status(), added.raw());
        assertTrue(added.body().get("changed").asBoolean());
        Response grid = post(api::upsertGrid, admin, "/api/console/matrix/grids",
                "{\"id\":\"zhangda\",\"grid_workers\":[\"v-zd-gw2\",\"v-zd-gw\"]}");
        assertEquals(200, grid.status(), grid.raw());
        assertEquals(added.body().get("revision").asLong() + 1, grid.body().get("revision").asLong());

        JsonNode d = directory(as("v-zd-gw"));
        JsonNode gesang = byId(d.get("people"), "v-zd-gw2");
        assertEquals("网格员", gesang.get("role_labels").get(0).asText());
        assertEquals("章达村", gesang.get("grid_names").get(0).asText(), "on the grid's list: covers the grid");
        assertEquals("v-zd-gw2", byId(d.get("grids"), "zhangda").get("grid_workers").get(0).asText());

        Response same = post(api::upsertGrid, admin, "/api/console/matrix/grids", "{\"id\":\"zhangda\",\"name\":\"章达村\"}");
        assertEquals(200, same.status());
        assertFalse(same.body().get("changed").asBoolean());

        Response changes = get(api::changes, as("p-wang"), "/api/console/matrix/changes");
        JsonNode last = changes.body().get("changes").get(0);
        assertEquals("次珍", last.get("by_name").asText());
        assertEquals("upsert", last.get("action").asText());
        assertEquals("grids", last.get("kind").asText());
        assertEquals("zhangda", last.get("id").asText());
        assertEquals(GatewayHarness.T0.toString(), last.get("at").asText());
        assertTrue(last.get("summary").asText().contains("grid_workers 次旦 → 格桑、次旦"), last.toString());
        assertEquals(3, changes.body().get("changes").size(), "two edits and the first start");
    }

    @Test
    void deactivation_isRefusedWhilePostsAreHeld_andNeverRemovesAnyone() {
        Response officer = post(api::deactivate, admin, "/api/console/matrix/people/p-tashi/deactivate", "", "people", "p-tashi");
        assertEquals(409, officer.status(), officer.raw());
        assertEquals("in_use", officer.body().get("error").asText());
        assertTrue(officer.body().get("message").asText().contains("章达村的社区民警"), officer.raw());

        assertEquals(404, post(api::deactivate, admin, "/api/console/matrix/people/p-nobody/deactivate", "", "people", "p-nobody").status());
        assertEquals(404, post(api::deactivate, admin, "/api/console/matrix/tickets/x/deactivate", "", "tickets", "x").status());

        Response group = post(api::deactivate, admin, "/api/console/matrix/groups/g-zhangda-1/deactivate", "", "groups", "g-zhangda-1");
        assertEquals(200, group.status(), group.raw());
        JsonNode d = directory(admin);
        JsonNode g = byId(d.get("groups"), "g-zhangda-1");
        assertFalse(g.get("active").asBoolean(), "still listed, as inactive");
        assertEquals(200, post(api::reactivate, admin, "/api/console/matrix/groups/g-zhangda-1/reactivate", "", "groups", "g-zhangda-1").status());
        assertTrue(byId(directory(admin).get("groups"), "g-zhangda-1").get("active").asBoolean());
    }

    @Test
    void theStationsPosts_canBeChanged_andADutyOfficerTakenOffTheRota_thenDeactivated() {
        Response rota = post(api::updateStation, admin, "/api/console/matrix/station", "{\"duty_rota\":[\"p-duoji\",\"p-liu\"]}");
        assertEquals(200, rota.status(), rota.raw());
        assertTrue(rota.body().get("summary").asText().contains("duty_rota 多吉、刘洋、巴桑 → 多吉、刘洋"), rota.raw());
        Response off = post(api::deactivate, admin, "/api/console/matrix/people/p-basang/deactivate", "", "people", "p-basang");
        assertEquals(200, off.status(), off.raw());
        JsonNode basang = byId(directory(admin).get("people"), "p-basang");
        assertFalse(basang.get("active").asBoolean());
        assertEquals("巴桑", basang.get("name").asText());
    }
}
