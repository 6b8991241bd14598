package zhijian.broadcast;

import java.time.Instant;

/** Something a resident said in a reached group during a 寻人 case that looks like a sighting. */
public record Clue(String messageId, String chat, String from, String fromName, String text, Instant at) {}
