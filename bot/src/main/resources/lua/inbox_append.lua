-- Accept one inbound message exactly once.
-- KEYS[1] dedup key, KEYS[2] inbound stream, KEYS[3] (optional) the simulator's transcript of the chat
-- ARGV[1] dedup TTL in seconds, ARGV[2] message id, ARGV[3] message JSON, ARGV[4] (optional) transcript entry JSON
-- Returns {1, message id} when accepted now, {0, first message id} when it was accepted before.
local first = redis.call('GET', KEYS[1])
if first then
  return {0, first}
end
redis.call('XADD', KEYS[2], '*', 't', 'msg', 'm', ARGV[3])
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[1]))
if KEYS[3] then
  redis.call('RPUSH', KEYS[3], ARGV[4])
end
return {1, ARGV[2]}
