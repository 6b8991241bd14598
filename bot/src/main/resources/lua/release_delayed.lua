-- Put outbound messages whose wait is over back on the outbound stream, each once.
-- KEYS[1] delayed sorted set, KEYS[2] outbound stream; ARGV[1] now in ms, ARGV[2] how many at most
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local d = cjson.decode(member)
  redis.call('XADD', KEYS[2], '*', 'm', d.m, 'attempt', tostring(d.attempt), 'done', tostring(d.done),
    'since', tostring(d.since or ''))
end
return #due
