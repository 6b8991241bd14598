package zhijian.catalog;

import java.time.Duration;
import java.util.List;

/**
 * One of the 指尖服务 service items, e.g. {@code dispute} 矛盾纠纷 (in) or {@code antifraud} 反电诈预警 (out).
 *
 * @param urgent  an outbound category that goes out without waiting for the publisher's confirmation (寻人, 紧急预警)
 * @param aliases other words publishers use for it (反诈预警 for 反电诈预警)
 * @param expires how long a broadcast of it stays in force
 */
public record ServiceItem(String id, String name, Direction direction, String description, boolean urgent,
                          List<String> aliases, Duration expires) {
    public ServiceItem {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
