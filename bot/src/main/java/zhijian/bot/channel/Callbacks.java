package zhijian.bot.channel;

import zhijian.message.InboundMessage;

import java.time.Clock;
import java.time.Duration;

/** What WeChat's callbacks (WeCom app, 智能机器人, Official Account) have in common, checked and read one way. */
public final class Callbacks {
    private Callbacks() {}

    /**
     * The error code for a callback timestamp that is not a number or lies outside the window around now
     * (a replay), or null when it is fine. A zero window is not checked.
     */
    public static String timestampProblem(String timestamp, Duration window, Clock clock) {
        long t;
        try {
            t = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "bad_timestamp";
        }
        long skew = window.toSeconds();
        return skew > 0 && Math.abs(clock.instant().getEpochSecond() - t) > skew ? "stale_timestamp" : null;
    }

    /** A WeChat message as the pipeline takes it; null for kinds the gateway does not take. */
    public record Content(InboundMessage.Kind kind, String text, String attachment) {}

    /**
     * Reads the fields WeCom's and the Official Account's XML messages share: text, image, voice (with speech
     * recognition when WeChat gives it; the media id is kept either way), file/video, location.
     */
    public static Content content(String msgType, String text, String mediaId, String recognition, Double x, Double y,
                                  String label) {
        return switch (msgType == null ? "" : msgType.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> new Content(InboundMessage.Kind.TEXT, text == null ? "" : text, null);
            case "image" -> new Content(InboundMessage.Kind.IMAGE, "", mediaId);
            case "voice" -> recognition != null && !recognition.isBlank()
                    ? new Content(InboundMessage.Kind.TEXT, recognition, mediaId)
                    : new Content(InboundMessage.Kind.VOICE, "", mediaId);
            case "file", "video" -> new Content(InboundMessage.Kind.FILE, "", mediaId);
            case "location" -> new Content(InboundMessage.Kind.LOCATION, "", x + "," + y + (label == null ? "" : " " + label));
            default -> null;
        };
    }
}
