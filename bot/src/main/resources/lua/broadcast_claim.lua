-- Whether one chat's copy of a broadcast may still go, decided atomically against the broadcast's state:
--   an Alert or Update goes only while the broadcast is in force and no later Update has replaced it (an Update
--   carries the whole text to every chat the Alerts before it went to); a Cancel only to a chat an Alert or Update
--   was really handed to. Otherwise the copy is withdrawn.
-- KEYS[1] the broadcast hash, KEYS[2] its reached set; ARGV[1] chat, ARGV[2] the wave's kind, ARGV[3] the wave's number,
-- ARGV[4] 'claim' (about to send: the chat counts as reached from now on) or 'check' (only look)
-- Returns 1 to send, 0 when withdrawn (cancelled), 2 when withdrawn (replaced by an Update).
if ARGV[2] == 'CANCEL' then
  return redis.call('SISMEMBER', KEYS[2], ARGV[1])
end
if redis.call('HGET', KEYS[1], 'state') ~= 'ACTIVE' then
  return 0
end
local updated = tonumber(redis.call('HGET', KEYS[1], 'updated') or '0')
if updated > tonumber(ARGV[3]) then
  return 2
end
if ARGV[4] == 'claim' then
  redis.call('SADD', KEYS[2], ARGV[1])
end
return 1
