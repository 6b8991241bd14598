-- Count one failed log-in in the current window.
-- KEYS[1] the counter (per account or per address); ARGV[1] the window in milliseconds.
-- The window starts at the first failure and is not extended by later ones. Returns {count, ms left}.
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return {n, redis.call('PTTL', KEYS[1])}
