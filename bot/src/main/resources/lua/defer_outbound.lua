-- Put an outbound message aside until later (rate limited, or a retry after a failure), in one step with its ack.
-- KEYS[1] outbound stream, KEYS[2] delayed sorted set; ARGV[1] group, ARGV[2] entry id, ARGV[3] due ms,
-- ARGV[4] the member: JSON {"m": message, "attempt": n, "done": parts sent, "entry": entry id, "since": ms}
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]), ARGV[4])
return 1
