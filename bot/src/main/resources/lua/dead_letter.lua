-- Move an entry that keeps failing to the dead-letter stream, so it is kept and visible, not retried for ever.
-- KEYS[1] stream, KEYS[2] dead-letter stream; ARGV[1] group, ARGV[2] entry id, ARGV[3] reason, ARGV[4..] fields
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
local fields = {'entry', ARGV[2], 'reason', ARGV[3]}
for i = 4, #ARGV do table.insert(fields, ARGV[i]) end
redis.call('XADD', KEYS[2], '*', unpack(fields))
return 1
