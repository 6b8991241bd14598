-- Show one outbound message in the simulator's chat, exactly once.
-- KEYS[1] outbound stream, KEYS[2] the chat's transcript; ARGV[1] group, ARGV[2] entry id, ARGV[3] transcript JSON
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[3])
return 1
