package zhijian.fraud;

import java.util.Map;

/**
 * A week's anti-fraud figures, of one grid or several.
 *
 * @param warnings    群内提醒: scam messages warned about in a group
 * @param checks      群众询问: residents asking 这是诈骗吗 about a message that looked like one
 * @param confirmed   确认诈骗: officers' verdicts that it was a scam
 * @param falseAlarms 误报: officers' verdicts that it was not
 */
public record FraudFigures(long warnings, long checks, long confirmed, long falseAlarms) {
    public static final FraudFigures NONE = new FraudFigures(0, 0, 0, 0);

    /** From the week's counters of one grid as the gateway keeps them: {@code alerts}, {@code checks}, {@code confirmed}, {@code false}. */
    public static FraudFigures of(Map<String, Long> counters) {
        return new FraudFigures(counters.getOrDefault("alerts", 0L), counters.getOrDefault("checks", 0L),
                counters.getOrDefault("confirmed", 0L), counters.getOrDefault("false", 0L));
    }

    /** 误报率: false alarms of all verdicts; null before any verdict. */
    public Double falseAlarmRate() {
        return confirmed + falseAlarms == 0 ? null : (double) falseAlarms / (confirmed + falseAlarms);
    }

    public FraudFigures plus(FraudFigures o) {
        return new FraudFigures(warnings + o.warnings, checks + o.checks, confirmed + o.confirmed, falseAlarms + o.falseAlarms);
    }
}
