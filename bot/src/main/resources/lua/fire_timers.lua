-- Move deadlines that came due onto the inbound stream, each exactly once.
-- KEYS[1] timers sorted set (member = timer key, score = due time in ms), KEYS[2] inbound stream
-- ARGV[1] now in ms, ARGV[2] how many at most
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #due, 2 do
  redis.call('ZREM', KEYS[1], due[i])
  redis.call('XADD', KEYS[2], '*', 't', 'timer', 'k', due[i], 'due', due[i + 1])
end
return #due / 2
