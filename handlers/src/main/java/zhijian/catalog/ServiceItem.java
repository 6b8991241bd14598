package zhijian.catalog;

/**
 * One of the 指尖服务 service items, e.g. {@code dispute} 矛盾纠纷 (in) or {@code antifraud} 反电诈预警 (out).
 */
public record ServiceItem(String id, String name, Direction direction, String description, boolean urgent) {
}
