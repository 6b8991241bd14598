-- Whether a consumer still holds a pending entry (nobody took it over, nobody finished it); if so its idle time is
-- reset, so nobody takes it over while the consumer is busy with it. One round trip instead of XPENDING + XCLAIM,
-- and nothing can happen between the check and the claim.
-- KEYS[1] the stream
-- ARGV[1] the consumer group, ARGV[2] the consumer, ARGV[3] the entry id
-- Returns 1 when the consumer holds the entry (its idle time now reset), 0 otherwise.
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if #p == 0 or p[1][2] ~= ARGV[2] then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1
