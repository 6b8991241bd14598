-- Write the matrix, bump its revision and append the change to the change log, in one step, only if the revision is
-- still the one the change was made over: two consoles editing at once never lose an edit (the loser re-reads and
-- applies its edit again).
-- KEYS[1] matrix, KEYS[2] matrix:rev, KEYS[3] matrix:changes
-- ARGV[1] the revision the change was made over, or '*' (write over whatever is there: a reseed) or 'new' (only when
--         there is no matrix yet: the first start)
-- ARGV[2] the matrix JSON, ARGV[3] the change as a JSON object (its 'rev' is set here), ARGV[4] how many changes to keep
-- Returns {1, new revision} or {0, current revision} when nothing was written.
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[1] == 'new' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return {0, current} end
elseif ARGV[1] ~= '*' and tonumber(ARGV[1]) ~= current then
  return {0, current}
end
redis.call('SET', KEYS[1], ARGV[2])
local rev = redis.call('INCR', KEYS[2])
local change = cjson.decode(ARGV[3])
change['rev'] = rev
redis.call('RPUSH', KEYS[3], cjson.encode(change))
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
return {1, rev}
