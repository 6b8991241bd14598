-- Give up on an outbound message: keep it, with the reason, on the dead-letter stream, and (unless it was itself a
-- notice to staff) put an event on the inbound stream so the duty officer hears of it (its ref: the entry given up,
-- so two given up in one millisecond make two notices with their own ids). One step with the ack.
-- KEYS[1] outbound stream, KEYS[2] outbound dead-letter stream, KEYS[3] inbound stream
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] reason (for the record), ARGV[4] chat, ARGV[5] notify '1'/'0',
-- ARGV[6] now ms, ARGV[7] the message JSON, ARGV[8] the chat's name, ARGV[9] the reason in words staff read,
-- ARGV[10] how many of its parts had been sent
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'entry', ARGV[2], 'reason', ARGV[3], 'chat', ARGV[4], 'at', ARGV[6], 'm', ARGV[7],
  'parts_sent', ARGV[10])
if ARGV[5] == '1' then
  redis.call('XADD', KEYS[3], '*', 't', 'sys', 'k', 'DELIVERY_FAILED', 's', ARGV[4], 'n', ARGV[8], 'd', ARGV[9], 'at', ARGV[6],
    'ref', ARGV[2])
end
return 1
