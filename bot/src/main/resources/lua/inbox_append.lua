-- Accept one inbound entry exactly once.
-- KEYS[1] dedup key, KEYS[2] inbound stream, KEYS[3] (optional) the simulator's transcript of the chat
-- ARGV[1] dedup TTL in seconds, ARGV[2] the id to remember, ARGV[3] transcript entry JSON ('' for none),
-- ARGV[4..] the entry's field/value pairs
-- Returns {1, id} when accepted now, {0, first id} when it was accepted before.
local first = redis.call('GET', KEYS[1])
if first then
  return {0, first}
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], '*', unpack(fields))
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[1]))
if KEYS[3] then
  redis.call('RPUSH', KEYS[3], ARGV[3])
end
return {1, ARGV[2]}
