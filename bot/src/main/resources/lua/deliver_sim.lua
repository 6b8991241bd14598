-- Show one part of an outbound message in the simulator's chat, once even if delivery is retried.
-- KEYS[1] the part's sent marker, KEYS[2] the chat's transcript; ARGV[1] transcript JSON, ARGV[2] marker TTL s
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[2])) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
