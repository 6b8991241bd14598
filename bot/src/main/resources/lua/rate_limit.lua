-- Token buckets shared by every instance: take one token from each bucket, or none if any is empty.
-- KEYS: the buckets (a channel's, a target's …); ARGV[1] now in ms, then per bucket: capacity, window in ms
-- A bucket refills at capacity/window per ms. Returns 0 when the tokens were taken, else how many ms to wait.
local now = tonumber(ARGV[1])
local wait = 0
local level = {}
for i, key in ipairs(KEYS) do
  local cap = tonumber(ARGV[2 * i])
  local win = tonumber(ARGV[2 * i + 1])
  local rate = cap / win
  local b = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(b[1]) or cap
  local ts = tonumber(b[2]) or now
  if now > ts then tokens = math.min(cap, tokens + (now - ts) * rate) end
  level[i] = tokens
  if tokens < 1 then
    local w = math.ceil((1 - tokens) / rate)
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local win = tonumber(ARGV[2 * i + 1])
  redis.call('HSET', key, 'tokens', tostring(level[i] - 1), 'ts', tostring(now))
  redis.call('PEXPIRE', key, win * 2)
end
return 0
