-- A sequence number for what one inbound entry creates, the same on every re-run of that entry.
-- KEYS[1] memo key, KEYS[2] sequence key; ARGV[1] memo TTL in seconds
local n = redis.call('GET', KEYS[1])
if n then return tonumber(n) end
n = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], n, 'EX', tonumber(ARGV[1]))
redis.call('EXPIRE', KEYS[2], 172800)
return n
