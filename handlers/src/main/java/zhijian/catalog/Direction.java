package zhijian.catalog;

/** Out: the station publishes it to the groups. In: residents bring it to the station. */
public enum Direction { OUT, IN }
