-- Write one outbound message's ledger line (the whole current state), optionally with the ack of its stream entry;
-- for a broadcast copy also its wave's line, the pending count (its completion event at 0), when the chat first had
-- it, and the week's reach. A chat whose line is final already is not changed by a late line.
-- KEYS[1] the message's line; with an ack KEYS[2] the outbound stream; for a broadcast copy then
-- KEYS[n+1] wave ledger, KEYS[n+2] pending, KEYS[n+3] inbound stream, KEYS[n+4] the wave's reached zset,
-- KEYS[n+5] the week's figures (n = 1, or 2 with an ack)
-- ARGV[1] TTL s, ARGV[2] the line as a JSON object, ARGV[3] group, ARGV[4] entry id ('' = no ack),
-- ARGV[5] chat, ARGV[6] the chat's status in the wave, ARGV[7] channel, ARGV[8] error ('' = none), ARGV[9] now ms,
-- ARGV[10] broadcast id ('' = not a broadcast copy), ARGV[11] wave, ARGV[12] '1' to count reach, ARGV[13] category
-- Returns 1, or 0 when the entry had been acknowledged by another worker already (nothing written).
local n = 1
if ARGV[4] ~= '' then
  n = 2
  if redis.call('XACK', KEYS[2], ARGV[3], ARGV[4]) == 0 then
    return 0
  end
end
local line = cjson.decode(ARGV[2])
redis.call('DEL', KEYS[1])
for k, v in pairs(line) do
  redis.call('HSET', KEYS[1], k, tostring(v))
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
if ARGV[10] == '' then
  return 1
end
local final = {SENT = true, WAITING_CONFIRMATION = true, FAILED = true, WITHDRAWN = true, NO_CHANNEL = true}
local delivered = {SENT = true, WAITING_CONFIRMATION = true}
local chat, status, now = ARGV[5], ARGV[6], tonumber(ARGV[9])
local prev = redis.call('HGET', KEYS[n + 1], chat)
if prev and final[cjson.decode(prev).s] then
  return 1
end
local entry = {s = status, ch = ARGV[7], at = now}
if ARGV[8] ~= '' then entry.err = ARGV[8] end
redis.call('HSET', KEYS[n + 1], chat, cjson.encode(entry))
if delivered[status] then
  if redis.call('ZADD', KEYS[n + 4], 'NX', now, chat) == 1 and ARGV[12] == '1' then
    redis.call('HINCRBY', KEYS[n + 5], 'reach:' .. ARGV[13], 1)
  end
end
if final[status] then
  if redis.call('DECR', KEYS[n + 2]) == 0 then
    redis.call('XADD', KEYS[n + 3], '*', 't', 'sys', 'k', 'BROADCAST_DONE', 's', ARGV[10], 'n', '', 'd', ARGV[11],
      'at', ARGV[9])
  end
end
return 1
