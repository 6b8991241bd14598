-- Give a channel's pace back the slots of broadcast copies taken out of the delayed set before their turn (a Cancel,
-- an Update that replaces them), so later copies are not spaced behind copies that will never go.
-- KEYS[1] the channel's pace key; ARGV[1] now ms, ARGV[2] how many ms to give back
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
local back = free - tonumber(ARGV[2])
if back < now then back = now end
if free > now then
  redis.call('SET', KEYS[1], string.format('%d', back), 'PX', math.floor(back - now + 3600000))
end
return back
