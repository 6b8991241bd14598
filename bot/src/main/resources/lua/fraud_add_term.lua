-- A word added to a fraud family at run time, and the revision bumped so every instance reloads, in one step.
-- (A script rather than MULTI: Jedis has no transactions on Redis Cluster; both keys share the prefix's slot.)
-- KEYS[1] the patterns hash, KEYS[2] the fraud revision; ARGV[1] "family|word", ARGV[2] the weight
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('INCR', KEYS[2])
