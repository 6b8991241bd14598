package zhijian.matrix;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The station that runs the matrix: names, the bot's identity, who is chief, and the duty rota.
 */
public record Station(String county, String township, String name, String ticketPrefix, ZoneId zone,
                      String botId, String botName, List<String> botAliases, String chief,
                      List<String> dutyRota, List<String> mediationRoom, String hotlineNote) {
    public Station {
        botAliases = List.copyOf(botAliases);
        dutyRota = List.copyOf(dutyRota);
        mediationRoom = List.copyOf(mediationRoom);
    }

    /** The duty officer of a day: the rota is taken in turn, one person a day. */
    public String dutyOfficerOn(LocalDate day) {
        if (dutyRota.isEmpty()) return chief;
        return dutyRota.get((int) Math.floorMod(day.toEpochDay(), (long) dutyRota.size()));
    }
}
