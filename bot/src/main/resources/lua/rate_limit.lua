-- The channels' pace, shared by every instance: a sliding window per bucket (a channel's, a target's …).
-- A send is allowed when every bucket has had fewer than its limit in the last window; then it counts in all of them.
-- KEYS: the buckets (sorted sets of send times); ARGV[1] now in ms, ARGV[2] a unique id for this send,
-- then per bucket: limit, window in ms. Returns 0 when allowed, else how many ms until it would be.
local now = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i + 1])
  local win = tonumber(ARGV[2 * i + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local w = tonumber(oldest[2]) + win - now
    if w < 1 then w = 1 end
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i + 2]))
end
return 0
