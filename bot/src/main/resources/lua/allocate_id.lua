-- The id of what one inbound entry creates, the same on every re-run of that entry (even after midnight).
-- KEYS[1] memo key, KEYS[2] the day's sequence key; ARGV[1] memo TTL in seconds, ARGV[2] id base, e.g. AZ-20261122
-- Returns the whole id, e.g. AZ-20261122-0007.
local id = redis.call('GET', KEYS[1])
if id then return id end
local n = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 172800)
id = string.format('%s-%04d', ARGV[2], n)
redis.call('SET', KEYS[1], id, 'EX', tonumber(ARGV[1]))
return id
