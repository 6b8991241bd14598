package zhijian.seed;

import zhijian.appointment.AppointmentBook;
import zhijian.appointment.AppointmentPlan;
import zhijian.broadcast.Broadcast;
import zhijian.broadcast.BroadcastPolicy;
import zhijian.catalog.Catalog;
import zhijian.catalog.Direction;
import zhijian.catalog.ServiceItem;
import zhijian.dispatch.Rules;
import zhijian.faq.Faq;
import zhijian.faq.FaqEntry;
import zhijian.fraud.FraudRules;
import zhijian.intent.Intent;
import zhijian.intent.IntentClassifier;
import zhijian.intent.Lexicon;
import zhijian.intent.Term;
import zhijian.matrix.Channels;
import zhijian.matrix.Grid;
import zhijian.matrix.Group;
import zhijian.matrix.GroupKind;
import zhijian.matrix.Matrix;
import zhijian.matrix.MatrixCheck;
import zhijian.matrix.MatrixProblem;
import zhijian.matrix.MatrixProblem.Subject;
import zhijian.matrix.Member;
import zhijian.matrix.Role;
import zhijian.matrix.Station;
import zhijian.matrix.Tier;
import zhijian.routing.Route;
import zhijian.routing.RouteTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks {@code seeds/}. Any problem stops here with a {@link SeedException} naming the file, the line
 * and the value, so the gateway never starts on a bad deployment.
 */
public final class SeedLoader {
    /** Categories the dispatcher files tickets under; each needs a route for every grid. */
    public static final List<String> TICKET_CATEGORIES = List.of("consult", "report", "clue", "dispute", "hazard", "emergency");
    /** Inbound catalog items the gateway relies on. */
    public static final List<String> REQUIRED_IN = List.of("consult", "appointment", "report", "clue", "dispute", "hazard", "emergency");

    private static final Pattern ID = MatrixCheck.ID;
    private static final Pattern PREFIX = Pattern.compile("[A-Z]{1,4}");

    private final Path dir;

    private SeedLoader(Path dir) {
        this.dir = dir;
    }

    public static Seeds load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SeedException(dir.toString(), 0, null, "seeds directory not found");
        }
        return new SeedLoader(dir).loadAll();
    }

    private YamlNode file(String name) {
        Path p = dir.resolve(name);
        String display = dir.getFileName() == null ? name : dir.getFileName() + "/" + name;
        if (!Files.isRegularFile(p)) throw new SeedException(display, 0, null, "missing seed file");
        return YamlNode.load(p, display);
    }

    private Seeds loadAll() {
        YamlNode stationFile = file("station.yaml");
        Map<String, Member> people = roster(file("roster.yaml"));
        Map<String, Grid> grids = grids(file("grids.yaml"));
        Station station = station(stationFile);
        List<Group> groups = groups(file("groups.yaml"), grids);
        Matrix matrix = new Matrix(station, grids.values(), groups, people.values());
        MatrixCheck.firstProblem(matrix).ifPresent(p -> { throw located(p); });

        Catalog catalog = catalog(file("catalog.yaml"));
        RouteTable routes = routes(file("routes.yaml"), catalog, grids);
        Faq faq = faq(file("faq.yaml"));
        Lexicon lexicon = lexicon(file("lexicon.yaml"));
        AppointmentPlan appointments = appointments(file("appointments.yaml"));
        BroadcastPolicy broadcasts = broadcasts(file("broadcast.yaml"), catalog);
        Rules rules = new Rules(catalog, routes, faq, new IntentClassifier(lexicon), new AppointmentBook(appointments),
                broadcasts, fraud(file("fraud.yaml")));
        return new Seeds(matrix, rules);
    }

    // ---------------------------------------------------------------- anti-fraud

    public static final List<String> FRAUD_STRUCTURE = List.of("link", "short_link", "ip_link", "mobile", "qq", "money");

    private FraudRules fraud(YamlNode root) {
        List<FraudRules.Family> families = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode f : root.require("families").list()) {
            YamlNode idNode = f.require("id");
            String id = id(idNode);
            if (!ids.add(id)) throw idNode.error("duplicate family id", id);
            Map<String, Integer> terms = weights(f.require("terms"));
            if (terms.isEmpty()) throw f.require("terms").error("a family needs words");
            families.add(new FraudRules.Family(id, f.require("name").text(), f.require("advice").text(), terms));
        }
        if (families.isEmpty()) throw root.require("families").error("no fraud families");
        Map<String, FraudRules.Signal> signals = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : root.require("signals").entries().entrySet()) {
            YamlNode w = e.getValue().require("weight");
            int weight = w.integer(-1);
            if (weight < 0) throw w.error("a weight is a whole number ≥ 0", w.text());
            List<String> terms = e.getValue().require("terms").texts();
            if (terms.isEmpty()) throw e.getValue().require("terms").error("a signal needs words");
            signals.put(e.getKey(), new FraudRules.Signal(e.getKey(), weight, terms));
        }
        Map<String, Integer> structure = weights(root.require("structure"));
        for (String k : structure.keySet()) {
            if (!FRAUD_STRUCTURE.contains(k)) {
                throw root.require("structure").get(k).error("unknown shape (known: " + String.join(", ", FRAUD_STRUCTURE) + ")", k);
            }
        }
        int threshold = root.require("threshold").integer(-1), familyMin = root.require("family_min").integer(-1);
        if (threshold < 1) throw root.require("threshold").error("threshold is a whole number ≥ 1", root.require("threshold").text());
        if (familyMin < 1) throw root.require("family_min").error("family_min is a whole number ≥ 1", root.require("family_min").text());
        return new FraudRules(families, signals, structure, weights(root.require("warnings")),
                new LinkedHashSet<>(root.get("shorteners").texts()), new LinkedHashSet<>(root.get("trusted_hosts").texts()),
                threshold, familyMin, root.get("warning_veto").integer(Integer.MAX_VALUE), learned(root.get("learned")));
    }

    /** The learned n-grams: {file: fraud-ngrams.tsv, scale: hundredths a point, alone: points to flag
     * without a family's words when a signal (link, number, money, transfer …) is there too, bare: points to flag
     * with neither words nor signals}. */
    private FraudRules.Learned learned(YamlNode node) {
        if (node.isMissing()) return FraudRules.Learned.NONE;
        YamlNode fileNode = node.require("file");
        Path p = dir.resolve(fileNode.text());
        if (!Files.isRegularFile(p)) throw fileNode.error("no such file in the seeds directory", fileNode.text());
        Map<String, Integer> weights = new LinkedHashMap<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(p, java.nio.charset.StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 2 || f[0].isEmpty()) {
                    throw new SeedException(fileNode.text(), lineNo, line, "expected gram TAB weight");
                }
                try {
                    weights.put(zhijian.fraud.Ngrams.decode(f[0]), Integer.parseInt(f[1].strip()));
                } catch (NumberFormatException e) {
                    throw new SeedException(fileNode.text(), lineNo, f[1], "the weight is a whole number");
                }
            }
        } catch (java.io.IOException e) {
            throw fileNode.error("cannot read: " + e.getMessage(), fileNode.text());
        }
        int scale = node.require("scale").integer(0), alone = node.require("alone").integer(0);
        if (scale < 1) throw node.require("scale").error("scale is a whole number ≥ 1", node.require("scale").text());
        if (alone < 1) throw node.require("alone").error("alone is a whole number ≥ 1", node.require("alone").text());
        YamlNode bareNode = node.get("bare");
        int bare = bareNode.integer(Integer.MAX_VALUE);
        if (bare < alone) throw bareNode.error("bare is a whole number ≥ alone", bareNode.text());
        return new FraudRules.Learned(weights, scale, alone, bare);
    }

    /** {word: weight, …} with whole-number weights. */
    private static Map<String, Integer> weights(YamlNode map) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
            int w = e.getValue().integer(Integer.MIN_VALUE);
            if (w == Integer.MIN_VALUE || w < 0) throw e.getValue().error("a weight is a whole number ≥ 0", e.getValue().text());
            if (e.getKey().isBlank()) throw e.getValue().error("empty word");
            out.put(e.getKey().strip(), w);
        }
        return out;
    }

    // ---------------------------------------------------------------- broadcasts

    private static BroadcastPolicy broadcasts(YamlNode root, Catalog catalog) {
        Set<Role> roles = new LinkedHashSet<>();
        for (YamlNode r : root.require("publish_roles").list()) {
            Role role = Role.fromKey(r.text()).orElseThrow(() -> r.error("unknown role", r.text()));
            if (!role.isPolice()) throw r.error("only police roles may publish", r.text());
            roles.add(role);
        }
        if (roles.isEmpty()) throw root.require("publish_roles").error("nobody may publish: name at least one role");
        Map<String, Broadcast.Severity> severity = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : root.get("severity").entries().entrySet()) {
            outbound(catalog, e.getValue(), e.getKey());
            try {
                severity.put(e.getKey(), Broadcast.Severity.valueOf(e.getValue().text().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException ex) {
                throw e.getValue().error("severity is extreme, severe, moderate or minor", e.getValue().text());
            }
        }
        List<String> ack = root.require("ack_words").texts();
        if (ack.isEmpty()) throw root.require("ack_words").error("name at least one word");
        YamlNode mp = root.require("missing_person");
        YamlNode catNode = mp.require("category");
        outbound(catalog, catNode, catNode.text());
        List<BroadcastPolicy.Widening> widen = new ArrayList<>();
        java.time.Duration last = java.time.Duration.ZERO;
        for (YamlNode w : mp.get("widen").list()) {
            java.time.Duration after = w.require("after").duration();
            if (after.compareTo(last) <= 0) throw w.require("after").error("each widening comes after the one before", w.require("after").text());
            last = after;
            YamlNode to = w.require("to");
            BroadcastPolicy.Reach reach = switch (to.text()) {
                case "township" -> BroadcastPolicy.Reach.TOWNSHIP;
                case "county" -> BroadcastPolicy.Reach.COUNTY;
                default -> throw to.error("a widening goes to township or county", to.text());
            };
            widen.add(new BroadcastPolicy.Widening(after, reach));
        }
        return new BroadcastPolicy(roles, root.get("preview_valid").duration(java.time.Duration.ofHours(24)), ack,
                root.get("ack_remind_after").duration(java.time.Duration.ofMinutes(30)), severity, catNode.text(),
                mp.require("words").texts(), widen, terms(mp.get("sighting"), 1), terms(mp.get("not_sighting"), 1),
                root.get("keep_for").duration(java.time.Duration.ofDays(180)));
    }

    private static void outbound(Catalog catalog, YamlNode where, String id) {
        if (catalog.item(id).filter(i -> i.direction() == Direction.OUT).isEmpty()) {
            throw where.error("not an outbound (out) item of catalog.yaml", id);
        }
    }

    // ---------------------------------------------------------------- matrix

    private static String id(YamlNode n) {
        String v = n.text();
        if (!ID.matcher(v).matches()) throw n.error("ids are lower-case letters, digits, '-' and '_'", v);
        return v;
    }

    private Map<String, Member> roster(YamlNode root) {
        Map<String, YamlNode> at = where(Subject.PERSON, root);
        Map<String, Member> out = new LinkedHashMap<>();
        for (YamlNode p : root.require("people").list()) {
            YamlNode idNode = p.require("id");
            String id = id(idNode);
            if (out.containsKey(id)) throw idNode.error("duplicate person id", id);
            Set<Role> roles = new LinkedHashSet<>();
            YamlNode rolesNode = p.require("roles");
            for (YamlNode r : rolesNode.list().isEmpty() ? List.of(rolesNode) : rolesNode.list()) {
                String key = r.text();
                roles.add(Role.fromKey(key).orElseThrow(() -> r.error("unknown role (known: "
                        + String.join(", ", java.util.Arrays.stream(Role.values()).map(Role::key).toList()) + ")", key)));
            }
            Member member = new Member(id, p.require("name").text(), roles, p.get("grids").texts(), p.get("note").text(""),
                    p.get("active").bool(true), address(p));
            out.put(id, member);
            at.put(id, p);
        }
        if (out.isEmpty()) throw root.error("the roster is empty");
        return out;
    }

    /** {@code wecom: userid} (a WeCom member), {@code bridge: 微信名} (reached through the WeChat bridge), or none. */
    private static zhijian.matrix.Address address(YamlNode p) {
        YamlNode wecom = p.get("wecom"), bridge = p.get("bridge");
        if (!wecom.isMissing() && !bridge.isMissing()) throw bridge.error("a person has one private channel: wecom or bridge");
        if (!wecom.isMissing()) return new zhijian.matrix.Address("wecom_app", wecom.text());
        if (!bridge.isMissing()) return new zhijian.matrix.Address("bridge", bridge.text());
        return null;
    }

    /**
     * Where in the seed files a thing is: per subject, its file's root (under the key null) and each item's node by
     * id; a problem the matrix rules find is reported at the item's field, and at the very list entry when it has one.
     */
    private final Map<Subject, Map<String, YamlNode>> nodes = new java.util.EnumMap<>(Subject.class);

    private Map<String, YamlNode> where(Subject s, YamlNode root) {
        Map<String, YamlNode> m = nodes.computeIfAbsent(s, k -> new LinkedHashMap<>());
        m.putIfAbsent(null, root);
        return m;
    }

    private SeedException located(MatrixProblem p) {
        Map<String, YamlNode> of = nodes.get(p.subject());
        YamlNode at = of.getOrDefault(p.subject() == Subject.STATION ? null : p.id(), of.get(null));
        if (p.field() != null) {
            YamlNode f = at;
            for (String key : p.field().split("\\.")) f = f.get(key);
            if (!f.isMissing()) {
                at = f;
                if (f.isList()) {
                    at = f.list().stream().filter(i -> i.isScalar() && i.text().equals(p.value())).findFirst().orElse(f);
                }
            }
        }
        return at.error(p.en(), p.value());
    }

    private Map<String, Grid> grids(YamlNode root) {
        Map<String, YamlNode> at = where(Subject.GRID, root);
        Map<String, Grid> out = new LinkedHashMap<>();
        for (YamlNode g : root.require("grids").list()) {
            YamlNode idNode = g.require("id");
            String id = id(idNode);
            if (out.containsKey(id)) throw idNode.error("duplicate grid id", id);
            out.put(id, new Grid(id, g.require("name").text(), g.require("officer").text(), g.get("grid_workers").texts(),
                    g.get("mediators").texts(), g.get("household_heads").texts(), g.get("active").bool(true)));
            at.put(id, g);
        }
        if (out.isEmpty()) throw root.error("there are no grids");
        return out;
    }

    private Station station(YamlNode s) {
        where(Subject.STATION, s);
        YamlNode prefixNode = s.require("ticket_prefix");
        String prefix = prefixNode.text();
        if (!PREFIX.matcher(prefix).matches()) throw prefixNode.error("ticket_prefix is 1 to 4 capital letters", prefix);
        YamlNode zoneNode = s.get("timezone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneNode.text("Asia/Shanghai"));
        } catch (DateTimeException e) {
            throw zoneNode.error("unknown time zone", zoneNode.text());
        }
        YamlNode bot = s.require("bot");
        String botId = id(bot.require("id"));
        String botName = bot.require("name").text();
        List<String> aliases = new ArrayList<>(bot.get("aliases").texts());
        if (!aliases.contains(botName)) aliases.add(0, botName);
        return new Station(s.require("county").text(), s.require("township").text(), s.require("station").text(), prefix,
                zone, botId, botName, aliases, s.require("chief").text(), s.require("duty_rota").texts(),
                s.get("mediation_room").texts(), s.get("hotline_note").text(""));
    }

    private List<Group> groups(YamlNode root, Map<String, Grid> grids) {
        Map<String, YamlNode> at = where(Subject.GROUP, root);
        List<Group> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode g : root.require("groups").list()) {
            YamlNode idNode = g.require("id");
            String id = id(idNode);
            if (id.startsWith(Group.PRIVATE_PREFIX) || !ids.add(id)) throw idNode.error("duplicate or reserved group id", id);
            YamlNode tierNode = g.require("tier");
            int tierNo = tierNode.integer(0);
            if (tierNo != 1 && tierNo != 2) throw tierNode.error("tier is 1 (publishing) or 2 (landing)", tierNode.text());
            Tier tier = Tier.ofNumber(tierNo);
            YamlNode kindNode = g.require("kind");
            GroupKind kind = GroupKind.fromKey(kindNode.text()).filter(k -> k != GroupKind.PRIVATE)
                    .orElseThrow(() -> kindNode.error("unknown kind (publishing, village, enterprise, venue, parents)", kindNode.text()));
            String grid = null, admin = null;
            if (tier == Tier.LANDING) {
                grid = g.require("grid").text();
                // no admin written: the grid's community officer (the matrix rules check a written one)
                Grid of = grids.get(grid);
                admin = g.get("admin").text(of == null ? null : of.officer());
            }
            List<String> members = new ArrayList<>(g.get("members").texts());
            if (admin != null && !members.contains(admin)) members.add(0, admin);
            out.add(new Group(id, g.require("name").text(), tier, kind, grid, admin, members, g.get("channel").text(Channels.SIM),
                    g.get("channel_ref").text(null), g.get("active").bool(true), g.get("aliases").texts()));
            at.put(id, g);
        }
        return out;
    }

    // ---------------------------------------------------------------- rules

    private Catalog catalog(YamlNode root) {
        List<ServiceItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode i : root.require("items").list()) {
            YamlNode idNode = i.require("id");
            String id = id(idNode);
            if (!ids.add(id)) throw idNode.error("duplicate item id", id);
            YamlNode dirNode = i.require("direction");
            Direction d = switch (dirNode.text()) {
                case "in" -> Direction.IN;
                case "out" -> Direction.OUT;
                default -> throw dirNode.error("direction is in or out", dirNode.text());
            };
            items.add(new ServiceItem(id, i.require("name").text(), d, i.get("description").text(""),
                    i.get("urgent").bool(false), i.get("aliases").texts(), i.get("expires").duration(java.time.Duration.ofDays(3))));
        }
        Catalog c = new Catalog(items);
        for (String need : REQUIRED_IN) {
            if (c.item(need).filter(x -> x.direction() == Direction.IN).isEmpty()) {
                throw root.error("the catalog needs the inbound item '" + need + "'", need);
            }
        }
        return c;
    }

    private static Role chainRole(YamlNode n) {
        String key = n.text();
        Role r = Role.fromKey(key).orElseThrow(() -> n.error("unknown role", key));
        if (r == Role.RESIDENT || r == Role.OFFICER || r == Role.COUNTY_HEAD || r == Role.ADMIN) {
            throw n.error("a route can name grid_worker, community_officer, mediator, household_head, duty_officer or chief", key);
        }
        return r;
    }

    private RouteTable routes(YamlNode root, Catalog catalog, Map<String, Grid> grids) {
        List<Route> routes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (YamlNode r : root.require("routes").list()) {
            YamlNode catNode = r.require("category");
            String category = catNode.text();
            if (catalog.item(category).filter(i -> i.direction() == Direction.IN).isEmpty()) {
                throw catNode.error("unknown inbound category (not an 'in' item of catalog.yaml)", category);
            }
            YamlNode gridNode = r.get("grid");
            String grid = gridNode.isMissing() ? null : gridNode.text();
            if (grid != null && !grids.containsKey(grid)) throw gridNode.error("unknown grid", grid);
            List<Role> chain = new ArrayList<>();
            YamlNode chainNode = r.require("chain");
            for (YamlNode n : chainNode.list()) chain.add(chainRole(n));
            if (chain.isEmpty()) throw chainNode.error("the chain needs at least one role");
            List<Role> notify = new ArrayList<>();
            for (YamlNode n : r.get("notify").list()) notify.add(chainRole(n));
            Route route = new Route(grid, category, chain, notify, r.require("sign_within").duration(),
                    r.require("finish_within").duration());
            if (!keys.add(route.key())) throw catNode.error("a second route for " + route.key(), category);
            routes.add(route);
        }
        for (String c : TICKET_CATEGORIES) {
            if (!keys.contains("*/" + c)) throw root.require("routes").error("no route for every grid for category '" + c + "'", c);
        }
        return new RouteTable(routes);
    }

    private static List<Term> terms(YamlNode list, int weight) {
        List<Term> out = new ArrayList<>();
        for (YamlNode n : list.list()) out.add(term(n, n.text(), weight));
        return out;
    }

    private static Term term(YamlNode where, String source, int weight) {
        try {
            return Term.parse(source, weight);
        } catch (IllegalArgumentException e) {
            throw where.error(e.getMessage(), source);
        }
    }

    private Faq faq(YamlNode root) {
        List<FaqEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode e : root.require("faq").list()) {
            YamlNode idNode = e.require("id");
            String id = id(idNode);
            if (!ids.add(id)) throw idNode.error("duplicate faq id", id);
            List<Term> match = terms(e.require("match"), 1);
            if (match.isEmpty()) throw e.require("match").error("an answer needs at least one match term");
            entries.add(new FaqEntry(id, e.require("title").text(), match, terms(e.get("boost"), 1),
                    e.require("answer").text()));
        }
        return new Faq(entries);
    }

    private static List<Term> weighted(YamlNode map) {
        List<Term> out = new ArrayList<>();
        for (var e : map.entries().entrySet()) {
            YamlNode w = e.getValue();
            int weight = w.integer(0);
            if (weight <= 0) throw w.error("a term's weight is a whole number above 0", w.text());
            out.add(term(w, e.getKey(), weight));
        }
        return out;
    }

    private Lexicon lexicon(YamlNode root) {
        YamlNode minNode = root.require("min_score");
        int min = minNode.integer(0);
        if (min <= 0) throw minNode.error("min_score is a whole number above 0", minNode.text());
        Map<Intent, Lexicon.IntentTerms> intents = new EnumMap<>(Intent.class);
        Map<Intent, List<Lexicon.Kind>> kinds = new EnumMap<>(Intent.class);
        for (var e : root.require("intents").entries().entrySet()) {
            YamlNode body = e.getValue();
            Intent intent = Intent.fromKey(e.getKey()).filter(i -> i != Intent.OTHER)
                    .orElseThrow(() -> body.error("unknown intent", e.getKey()));
            YamlNode clearNode = body.require("clear");
            int clear = clearNode.integer(0);
            if (clear < min) throw clearNode.error("clear must be at least min_score (" + min + ")", clearNode.text());
            List<Term> terms = weighted(body.require("terms"));
            intents.put(intent, new Lexicon.IntentTerms(clear, terms));
            List<Lexicon.Kind> ks = new ArrayList<>();
            for (YamlNode k : body.get("kinds").list()) {
                ks.add(new Lexicon.Kind(id(k.require("id")), k.get("name").text(k.require("id").text()),
                        k.get("advice").text(null), terms(k.require("terms"), 1)));
            }
            kinds.put(intent, ks);
        }
        for (Intent need : List.of(Intent.EMERGENCY, Intent.REPORT, Intent.DISPUTE, Intent.HAZARD, Intent.APPOINTMENT, Intent.CONSULT)) {
            if (!intents.containsKey(need)) throw root.require("intents").error("the lexicon needs the intent '" + need.key() + "'", need.key());
        }
        return new Lexicon(min, intents, weighted(root.get("dampers")), kinds);
    }

    private AppointmentPlan appointments(YamlNode root) {
        List<AppointmentPlan.Window> windows = new ArrayList<>();
        for (YamlNode w : root.require("windows").list()) {
            windows.add(new AppointmentPlan.Window(id(w.require("id")), w.require("name").text(), w.get("place").text("")));
        }
        Set<String> windowIds = new HashSet<>();
        windows.forEach(w -> windowIds.add(w.id()));
        List<AppointmentPlan.Service> services = new ArrayList<>();
        for (YamlNode s : root.require("services").list()) {
            YamlNode wNode = s.require("window");
            if (!windowIds.contains(wNode.text())) throw wNode.error("unknown window", wNode.text());
            services.add(new AppointmentPlan.Service(id(s.require("id")), s.require("name").text(), wNode.text(),
                    terms(s.require("terms"), 1), s.get("bring").text("")));
        }
        Set<DayOfWeek> days = new LinkedHashSet<>();
        for (YamlNode d : root.require("days").list()) {
            days.add(switch (d.text()) {
                case "mon" -> DayOfWeek.MONDAY;
                case "tue" -> DayOfWeek.TUESDAY;
                case "wed" -> DayOfWeek.WEDNESDAY;
                case "thu" -> DayOfWeek.THURSDAY;
                case "fri" -> DayOfWeek.FRIDAY;
                case "sat" -> DayOfWeek.SATURDAY;
                case "sun" -> DayOfWeek.SUNDAY;
                default -> throw d.error("days are mon, tue, wed, thu, fri, sat, sun", d.text());
            });
        }
        List<LocalTime> slots = new ArrayList<>();
        for (YamlNode t : root.require("slots").list()) {
            try {
                slots.add(LocalTime.parse(t.text()));
            } catch (DateTimeException e) {
                throw t.error("a slot is a time like 09:30", t.text());
            }
        }
        slots.sort(null);
        YamlNode capNode = root.require("capacity");
        int capacity = capNode.integer(0);
        if (capacity <= 0) throw capNode.error("capacity is a whole number above 0", capNode.text());
        YamlNode aheadNode = root.get("book_ahead_days");
        int ahead = aheadNode.integer(14);
        if (ahead <= 0 || ahead > 90) throw aheadNode.error("book_ahead_days is between 1 and 90", aheadNode.text());
        return new AppointmentPlan(windows, services, days, slots, capacity,
                root.get("remind_before").duration(java.time.Duration.ofHours(2)), ahead);
    }
}
