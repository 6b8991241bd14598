-- Record what a health check saw, unless a check that started later has already recorded something.
-- KEYS[1] the channel's state hash; ARGV[1] 'up' or 'down', ARGV[2] when this check started (ms)
-- Returns the state before ('' if none), or 'stale' when a newer observation is already there.
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
if at > tonumber(ARGV[2]) then return 'stale' end
local before = redis.call('HGET', KEYS[1], 'state') or ''
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'at', ARGV[2])
return before
