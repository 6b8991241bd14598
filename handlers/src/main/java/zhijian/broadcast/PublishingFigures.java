package zhijian.broadcast;

import java.util.Map;

/**
 * A week's publishing figures (信息发布统计), of one category or all of them.
 *
 * @param broadcasts     发布次数: broadcasts first sent in the week
 * @param chatsAddressed 发往群数: the chats their Alerts (first and widening waves) were addressed to
 * @param chatsReached   送达群数: the chats an Alert was really handed to, in the week
 */
public record PublishingFigures(long broadcasts, long chatsAddressed, long chatsReached) {
    public static final PublishingFigures NONE = new PublishingFigures(0, 0, 0);

    /** From the week's counters of one category as the gateway keeps them: {@code count}, {@code targets}, {@code reach}. */
    public static PublishingFigures of(Map<String, Long> counters) {
        return new PublishingFigures(counters.getOrDefault("count", 0L), counters.getOrDefault("targets", 0L),
                counters.getOrDefault("reach", 0L));
    }

    public PublishingFigures plus(PublishingFigures o) {
        return new PublishingFigures(broadcasts + o.broadcasts, chatsAddressed + o.chatsAddressed, chatsReached + o.chatsReached);
    }
}
