-- Hand one batch of a broadcast wave's chats to delivery, once: the batch goes only if the wave's cursor is where
-- the caller read it (another instance resuming the same job cannot hand it out twice).
-- KEYS[1] the wave's cursor, KEYS[2] outbound stream, KEYS[3] delayed sorted set, KEYS[4] the wave's ledger hash,
-- KEYS[5] the wave's pending count, KEYS[6] inbound stream, KEYS[7] the broadcast's reached set, KEYS[8] the wave's
-- list of chats, KEYS[9..] pace keys of channels with a channel-wide limit
-- ARGV[1] the cursor as read, ARGV[2] the cursor after this batch, ARGV[3] now ms, ARGV[4] the items (JSON array):
--   {"c": chat, "m": message JSON, "p": pace key number (1 = KEYS[9]) or 0, "g": spacing ms, "r": 1}  a copy to send
--        ("r": only to a chat in the reached set — a Cancel's copy; elsewhere it is settled as withdrawn at once)
--   {"c": chat, "s": status, "e": reason}                                                             a chat settled now
-- ARGV[5] broadcast id, ARGV[6] wave number, ARGV[7] '1' when this is the last batch (the list and the cursor go)
-- Returns how many copies were handed out, or -1 when the cursor had moved.
local final = {SENT = true, WAITING_CONFIRMATION = true, FAILED = true, WITHDRAWN = true, NO_CHANNEL = true}
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur ~= tonumber(ARGV[1]) then
  return -1
end
local now = tonumber(ARGV[3])
local items = cjson.decode(ARGV[4])
local queued = 0
local settled = 0
local function settle(chat, status, reason)
  local prev = redis.call('HGET', KEYS[4], chat)
  if not (prev and final[cjson.decode(prev).s]) then
    local e = {s = status, at = now}
    if reason then e.err = reason end
    redis.call('HSET', KEYS[4], chat, cjson.encode(e))
    settled = settled + 1
  end
end
for _, it in ipairs(items) do
  if it.m and it.r == 1 and redis.call('SISMEMBER', KEYS[7], it.c) == 0 then
    settle(it.c, 'WITHDRAWN', '先前的通知没有发出，不需要撤销')
  elseif it.m then
    local due = now
    if it.p and it.p > 0 then
      local key = KEYS[8 + it.p]
      local free = tonumber(redis.call('GET', key) or '0')
      if free > due then due = free end
      redis.call('SET', key, string.format('%d', due + it.g), 'PX', math.floor(due + it.g - now + 3600000))
    end
    if due <= now then
      redis.call('XADD', KEYS[2], '*', 'm', it.m, 'attempt', '0', 'done', '0', 'since', '')
    else
      redis.call('ZADD', KEYS[3], due, cjson.encode({m = it.m, attempt = 0, done = 0, since = 0}))
    end
    redis.call('HSET', KEYS[4], it.c, cjson.encode({s = 'QUEUED', at = now}))
    queued = queued + 1
  else
    settle(it.c, it.s, it.e)
  end
end
if settled > 0 then
  local left = redis.call('DECRBY', KEYS[5], settled)
  if left <= 0 and left + settled > 0 then
    redis.call('XADD', KEYS[6], '*', 't', 'sys', 'k', 'BROADCAST_DONE', 's', ARGV[5], 'n', '', 'd', ARGV[6], 'at', ARGV[3])
  end
end
if ARGV[7] == '1' then
  -- handed out in full: the list is no longer needed (a job run again finds nothing to do)
  redis.call('DEL', KEYS[8], KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return queued
