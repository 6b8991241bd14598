-- Write one outbound message's ledger line (the whole current state), optionally in one step with what takes the
-- message out of the queue (the ack of its stream entry, or its removal from the delayed set); for a broadcast copy
-- also its wave's line, the pending count (its completion event at 0), when the chat first had it, and the week's
-- reach. A chat whose line is final already is not changed by a late line.
-- KEYS[1] the message's line; with a step KEYS[2] the outbound stream (xack) or the delayed set (zrem); for a
-- broadcast copy then KEYS[n+1] wave ledger, KEYS[n+2] pending, KEYS[n+3] inbound stream, KEYS[n+4] the wave's
-- reached zset, KEYS[n+5] the week's figures (n = 1, or 2 with a step)
-- ARGV[1] TTL s, ARGV[2] the line as a JSON object, ARGV[3] the step: '' | 'xack' | 'zrem', ARGV[4] the group (xack)
-- or the member (zrem), ARGV[5] the entry id (xack), ARGV[6] chat, ARGV[7] the chat's status in the wave,
-- ARGV[8] channel, ARGV[9] error ('' = none), ARGV[10] now ms, ARGV[11] broadcast id ('' = not a broadcast copy),
-- ARGV[12] wave, ARGV[13] '1' to count reach, ARGV[14] category
-- Returns 1, or 0 when the step found the message already taken out by another worker (nothing written).
local n = 1
if ARGV[3] == 'xack' then
  n = 2
  if redis.call('XACK', KEYS[2], ARGV[4], ARGV[5]) == 0 then
    return 0
  end
elseif ARGV[3] == 'zrem' then
  n = 2
  if redis.call('ZREM', KEYS[2], ARGV[4]) == 0 then
    return 0
  end
end
local line = cjson.decode(ARGV[2])
redis.call('DEL', KEYS[1])
for k, v in pairs(line) do
  redis.call('HSET', KEYS[1], k, tostring(v))
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
if ARGV[11] == '' then
  return 1
end
local final = {SENT = true, WAITING_CONFIRMATION = true, FAILED = true, WITHDRAWN = true, NO_CHANNEL = true}
local delivered = {SENT = true, WAITING_CONFIRMATION = true}
local chat, status, now = ARGV[6], ARGV[7], tonumber(ARGV[10])
local prev = redis.call('HGET', KEYS[n + 1], chat)
if prev and final[cjson.decode(prev).s] then
  return 1
end
local entry = {s = status, ch = ARGV[8], at = now}
if ARGV[9] ~= '' then entry.err = ARGV[9] end
redis.call('HSET', KEYS[n + 1], chat, cjson.encode(entry))
if delivered[status] then
  if redis.call('ZADD', KEYS[n + 4], 'NX', now, chat) == 1 and ARGV[13] == '1' then
    redis.call('HINCRBY', KEYS[n + 5], 'reach:' .. ARGV[14], 1)
  end
end
if final[status] then
  if redis.call('DECR', KEYS[n + 2]) == 0 then
    redis.call('XADD', KEYS[n + 3], '*', 't', 'sys', 'k', 'BROADCAST_DONE', 's', ARGV[11], 'n', '', 'd', ARGV[12],
      'at', ARGV[10])
  end
end
return 1
