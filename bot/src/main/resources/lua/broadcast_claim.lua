-- Whether one chat's copy of a broadcast may still go, decided atomically against the broadcast's state:
-- an Alert or Update goes only while the broadcast is in force (and the chat is then marked as reached);
-- a Cancel goes only to a chat an Alert or Update was really handed to. Otherwise the copy is withdrawn.
-- KEYS[1] the broadcast hash, KEYS[2] its reached set; ARGV[1] chat, ARGV[2] the wave's kind
-- Returns 1 to send, 0 when withdrawn.
if ARGV[2] == 'CANCEL' then
  return redis.call('SISMEMBER', KEYS[2], ARGV[1])
end
if redis.call('HGET', KEYS[1], 'state') ~= 'ACTIVE' then
  return 0
end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
