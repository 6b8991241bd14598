-- Post a week's summary exactly once: the guard and the outbound messages in one step, so several instances,
-- retries and restarts post it once and never lose it halfway.
-- KEYS[1] the week's guard, KEYS[2] the outbound stream
-- ARGV[1] how long the guard is kept (ms), ARGV[2] what to remember in it (when, by whom),
-- ARGV[3..] the outbound messages (JSON, as the field "m" of a stream entry)
-- Returns how many messages were added, or -1 when the week's summary was posted before.
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', tonumber(ARGV[1])) then
  return -1
end
for i = 3, #ARGV do
  redis.call('XADD', KEYS[2], '*', 'm', ARGV[i])
end
return #ARGV - 2
