package zhijian.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The station's service items, in the order they are shown to residents. */
public final class Catalog {
    private final Map<String, ServiceItem> items;

    public Catalog(Collection<ServiceItem> items) {
        Map<String, ServiceItem> m = new LinkedHashMap<>();
        for (ServiceItem i : items) m.put(i.id(), i);
        this.items = java.util.Collections.unmodifiableMap(m);
    }

    public Optional<ServiceItem> item(String id) { return Optional.ofNullable(items.get(id)); }

    public Collection<ServiceItem> items() { return items.values(); }

    public List<ServiceItem> items(Direction d) {
        return items.values().stream().filter(i -> i.direction() == d).toList();
    }

    public String nameOf(String id) { return item(id).map(ServiceItem::name).orElse(id); }

    public boolean contains(String id) { return items.containsKey(id); }

    /** The outbound item a publisher's word names: its name or one of its aliases. */
    public Optional<ServiceItem> outbound(String word) {
        String w = word.strip();
        return items.values().stream().filter(i -> i.direction() == Direction.OUT)
                .filter(i -> i.name().equals(w) || i.aliases().contains(w) || i.id().equals(w)).findFirst();
    }
}
