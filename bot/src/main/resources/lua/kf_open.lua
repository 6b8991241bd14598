-- A customer's message opens a new 微信客服 reply window, unless it is not newer than the one that opened the
-- current window (an old message listed again by sync_msg).
-- KEYS[1] the customer's window hash {last, sent}; ARGV[1] the message's send time ms, ARGV[2] TTL s
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('HSET', KEYS[1], 'last', ARGV[1], 'sent', '0')
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
