-- Take one message of a 微信客服 reply window (48 h after the customer's last message, 5 messages), or refuse.
-- KEYS[1] the customer's window hash {last, sent}; ARGV[1] now ms, ARGV[2] window ms, ARGV[3] messages per window
-- Returns 1 when taken, 0 when the window is closed or used up.
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local sent = tonumber(redis.call('HGET', KEYS[1], 'sent') or '0')
if tonumber(ARGV[1]) - last > tonumber(ARGV[2]) or sent >= tonumber(ARGV[3]) then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'sent', 1)
return 1
