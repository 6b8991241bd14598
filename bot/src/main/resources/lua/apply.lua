-- Apply every write of one decision atomically, and acknowledge the inbound entry that caused it.
-- KEYS[1] the stream the entry came from; KEYS[2..] every key the guards and writes name (by index).
-- ARGV[1] consumer group, ARGV[2] entry id ('' when the decision came from elsewhere),
-- ARGV[3] JSON {"g": [guards], "o": [writes]}
--   guard  {"t": "absent", "k": i}                     the key must not exist
--          {"t": "hget", "k": i, "f": field, "v": v}   HGET must equal v
--          {"t": "scard_lt", "k": i, "v": n}           the set must have fewer than n members
--   write  {"c": command, "k": i, "a": [args...]}       one of the allowed commands below
-- Returns {'ok'}, {'done'} when the entry was handled already, or {'conflict', guard number} when the state
-- changed since the decision was made (the caller decides again).
local allowed = {HSET = true, HSETNX = true, RPUSH = true, ZADD = true, ZREM = true, SADD = true, SREM = true,
                 XADD = true, SET = true, DEL = true, EXPIRE = true, LTRIM = true, HINCRBY = true, INCR = true}
local spec = cjson.decode(ARGV[3])
if ARGV[2] ~= '' then
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
  if #pending == 0 then
    return {'done'}
  end
end
for i, g in ipairs(spec.g) do
  local k = KEYS[g.k]
  if g.t == 'absent' then
    if redis.call('EXISTS', k) == 1 then return {'conflict', tostring(i)} end
  elseif g.t == 'hget' then
    if redis.call('HGET', k, g.f) ~= g.v then return {'conflict', tostring(i)} end
  elseif g.t == 'scard_lt' then
    if redis.call('SCARD', k) >= tonumber(g.v) then return {'conflict', tostring(i)} end
  else
    return redis.error_reply('unknown guard ' .. tostring(g.t))
  end
end
for _, o in ipairs(spec.o) do
  if not allowed[o.c] then return redis.error_reply('command not allowed in apply: ' .. tostring(o.c)) end
end
if ARGV[2] ~= '' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
end
for _, o in ipairs(spec.o) do
  redis.call(o.c, KEYS[o.k], unpack(o.a))
end
return {'ok'}
