package zhijian.bot.channel.wecom;

import me.chanjar.weixin.cp.bean.kf.WxCpKfMsgListResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import zhijian.bot.channel.People;
import zhijian.bot.queue.Counters;
import zhijian.bot.queue.Inbox;
import zhijian.bot.queue.InboxWorker;
import zhijian.bot.redis.LuaScript;
import zhijian.bot.redis.RedisKeys;
import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Address;
import zhijian.matrix.Group;
import zhijian.message.InboundMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * 微信客服: a {@code kf_msg_or_event} callback only says "there is something new". This side job of the inbox
 * workers pulls it with {@code sync_msg} from the cursor kept in Redis (one instance at a time per account; an event
 * that arrives while another instance pulls makes that instance pull once more, so nothing is left behind), feeds
 * every customer message into the pipeline as a private chat (dropping repeats by msgid), and opens the reply
 * window (48 h / 5 messages) that {@link WecomKfSender} keeps to.
 */
public final class KfSync implements InboxWorker.SideJob {
    private static final Logger log = LoggerFactory.getLogger(KfSync.class);
    static final String CHANNEL = "wecom_kf";
    private static final int CUSTOMER = 3;   // origin 3: sent by the WeChat customer
    private static final long LOCK_MS = 60_000;
    private static final String UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    private final WecomClient client;
    private final Inbox inbox;
    private final MatrixStore matrices;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Counters counters;
    private final LuaScript openWindow = LuaScript.load("kf_open");

    public KfSync(WecomClient client, Inbox inbox, MatrixStore matrices, UnifiedJedis redis, RedisKeys keys, Clock clock,
                  Counters counters) {
        this.client = client;
        this.inbox = inbox;
        this.matrices = matrices;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void run(Map<String, String> fields) throws Exception {
        String token = fields.get("token"), openKfId = fields.get("open_kfid") == null ? "" : fields.get("open_kfid");
        String lockKey = keys.kfLock(openKfId), againKey = keys.kfLock(openKfId) + ":again";
        String me = UUID.randomUUID().toString();
        for (int round = 0; round < 20; round++) {
            if ("OK".equals(redis.set(lockKey, me, SetParams.setParams().nx().px(LOCK_MS)))) {
                try {
                    do {
                        pull(token, openKfId, lockKey, me);
                    } while (redis.getDel(againKey) != null);
                } finally {
                    redis.eval(UNLOCK, List.of(lockKey), List.of(me));
                }
                // an event that came in after the last check, while the lock was still ours: pull once more
                if (redis.getDel(againKey) == null) return;
            } else {
                // another instance is pulling this account: make sure it pulls once more for this event
                redis.set(againKey, "1", SetParams.setParams().px(LOCK_MS));
                counters.inc("wecom.kf_sync_deferred");
                if (redis.exists(lockKey)) return;
                // it let go in between: take over
            }
        }
    }

    private void pull(String token, String openKfId, String lockKey, String me) throws Exception {
        String cursorKey = keys.kfCursor(openKfId);
        String cursor = redis.get(cursorKey);
        for (int page = 0; page < 50; page++) {
            WxCpKfMsgListResp r;
            try {
                r = client.service().getKfService().syncMsg(cursor, token, 1000, null, openKfId);
            } catch (Exception e) {
                throw new IllegalStateException("sync_msg failed: " + WecomClient.classify(e).getMessage());
            }
            if (r.getMsgList() != null) for (WxCpKfMsgListResp.WxCpKfMsgItem item : r.getMsgList()) accept(item);
            if (r.getNextCursor() != null) {
                cursor = r.getNextCursor();
                redis.set(cursorKey, cursor);
            }
            // still pulling: keep the lock, so no other instance starts from an older cursor
            redis.eval(RENEW, List.of(lockKey), List.of(me, String.valueOf(LOCK_MS)));
            if (r.getHasMore() == null || r.getHasMore() == 0) return;
        }
        log.warn("微信客服 {}: more than 50 pages in one sync; the rest comes with the next event", openKfId);
    }

    private void accept(WxCpKfMsgListResp.WxCpKfMsgItem item) {
        if (item.getOrigin() == null || item.getOrigin() != CUSTOMER || item.getExternalUserId() == null) return;
        InboundMessage.Kind kind;
        String text = "", attachment = null;
        String type = item.getMsgType() == null ? "" : item.getMsgType();
        switch (type) {
            case "text" -> {
                kind = InboundMessage.Kind.TEXT;
                text = item.getText() == null ? "" : item.getText().getContent();
            }
            case "image" -> {
                kind = InboundMessage.Kind.IMAGE;
                attachment = item.getImage() == null ? null : item.getImage().getMediaId();
            }
            case "voice" -> {
                kind = InboundMessage.Kind.VOICE;
                attachment = item.getVoice() == null ? null : item.getVoice().getMediaId();
            }
            case "location" -> {
                kind = InboundMessage.Kind.LOCATION;
                var l = item.getLocation();
                attachment = l == null ? null : l.getLatitude() + "," + l.getLongitude() + " " + (l.getName() == null ? "" : l.getName());
            }
            default -> {
                return;
            }
        }
        String customer = item.getExternalUserId();
        // the customer wrote: a new reply window (48 hours, 5 messages) — before the message can be answered
        long sentAt = item.getSendTime() == null ? clock.millis() : item.getSendTime() * 1000;
        openWindow.run(redis, List.of(keys.kfWindow(customer)),
                List.of(String.valueOf(sentAt), String.valueOf(WecomKfSender.WINDOW.toSeconds() + 3600)));
        Address address = new Address(CHANNEL, item.getOpenKfid() + "|" + customer);
        People.Who who = People.who(matrices.current(), matrices, address, "微信用户");
        Instant now = clock.instant();
        InboundMessage m = new InboundMessage("kf-" + UUID.randomUUID(), CHANNEL, item.getMsgId(),
                Group.privateChatId(who.id()), who.id(), who.name(), text, true, now, kind, attachment, address);
        Inbox.Accepted a = inbox.append(m);
        counters.inc(a.duplicate() ? "wecom.kf_duplicates" : "wecom.kf_accepted");
    }
}
