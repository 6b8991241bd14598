package zhijian.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of a broadcast, as loaded for a decision or a view: each wave's chats and where they stand, the groups
 * that acknowledged (收到), the clues of a 寻人 case, and when each wave reached 90% of its chats.
 *
 * @param waves  wave number → chat → its line (a chat with no line is queued)
 * @param t90    wave number → time from the wave's start until 90% of its chats had it (absent until then)
 */
public record BroadcastLedger(Map<Integer, Map<String, Line>> waves, Map<String, Ack> acks, List<Clue> clues,
                              Map<Integer, Duration> t90) {
    public static final BroadcastLedger EMPTY = new BroadcastLedger(Map.of(), Map.of(), List.of(), Map.of());

    public BroadcastLedger {
        waves = Map.copyOf(waves);
        acks = Map.copyOf(acks);
        clues = List.copyOf(clues);
        t90 = Map.copyOf(t90);
    }

    /** One chat of one wave. */
    public record Line(TargetStatus status, String channel, String error, Instant at) {}

    /** A group's 收到: who said it, when. */
    public record Ack(String member, Instant at) {}

    /** How many chats of a wave stand where. */
    public record Counts(int total, Map<TargetStatus, Integer> by) {
        public int of(TargetStatus s) { return by.getOrDefault(s, 0); }

        public int delivered() { return of(TargetStatus.SENT) + of(TargetStatus.WAITING_CONFIRMATION); }

        public int pending() {
            int n = 0;
            for (var e : by.entrySet()) if (!e.getKey().done()) n += e.getValue();
            return n;
        }
    }

    public Line line(int wave, String chat) {
        return waves.getOrDefault(wave, Map.of()).get(chat);
    }

    public TargetStatus status(int wave, String chat) {
        Line l = line(wave, chat);
        return l == null ? TargetStatus.QUEUED : l.status();
    }

    public Counts counts(Broadcast.Wave w) {
        Map<TargetStatus, Integer> by = new LinkedHashMap<>();
        for (String chat : w.targets()) by.merge(status(w.n(), chat), 1, Integer::sum);
        return new Counts(w.targets().size(), by);
    }

    /** The chats of a wave in one of these states, in the wave's order. */
    public List<String> chatsIn(Broadcast.Wave w, TargetStatus... states) {
        List<String> out = new ArrayList<>();
        for (String chat : w.targets()) {
            TargetStatus s = status(w.n(), chat);
            for (TargetStatus want : states) {
                if (s == want) {
                    out.add(chat);
                    break;
                }
            }
        }
        return out;
    }
}
