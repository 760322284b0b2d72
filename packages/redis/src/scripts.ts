/**
 * The store's operations, each one Lua script, so each is atomic across every
 * budget line of a call (no check-then-increment across replicas, no
 * compensation). Time is Redis's own (TIME), so lease expiry does not depend
 * on the clocks of the processes sharing the store.
 *
 * Per line, KEYS are: the window's hash (`reserved`, once-per-window flags),
 * its leases (zset id -> expiry), the held amounts (hash id -> nano-USD), the
 * ids gone (zset `e:id` expired / `s:id` settled -> when), the spend per tag
 * (zset), then the spend buckets (strings, newest first).
 *
 * Numbers go back to Redis through string.format('%d'): Lua would print a
 * large number in exponent form.
 */

const COMMON = `
local function int(x) return string.format('%d', x) end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function line_keys(line, k, nb)
  line.main, line.leases, line.amounts, line.gone, line.tags = KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4]
  line.buckets = {}
  for b = 1, nb do line.buckets[b] = KEYS[k + 4 + b] end
  return k + 5 + nb
end
-- Expired leases free their hold; their ids are kept a while (e:) so a late settle is still charged.
local function purge(line, now, retention)
  local expired = redis.call('ZRANGEBYSCORE', line.leases, '-inf', int(now), 'LIMIT', 0, 1000)
  if #expired > 0 then
    local freed = 0
    for _, hid in ipairs(expired) do
      local amount = redis.call('HGET', line.amounts, hid)
      if amount then freed = freed + tonumber(amount) end
      redis.call('HDEL', line.amounts, hid)
      redis.call('ZREM', line.leases, hid)
      redis.call('ZADD', line.gone, int(now), 'e:' .. hid)
    end
    if redis.call('HINCRBY', line.main, 'reserved', int(-freed)) < 0 then redis.call('HSET', line.main, 'reserved', 0) end
  end
  redis.call('ZREMRANGEBYSCORE', line.gone, '-inf', int(now - retention))
end
-- The window's spend; a bucket below what a process has already seen of it (a restart from an older
-- snapshot) is raised to that: within a window spend only grows, so the higher value is the truer one.
local function spent_of(line)
  local total, values = 0, {}
  for b = 1, #line.buckets do
    local v = tonumber(redis.call('GET', line.buckets[b]) or '0')
    local floor = line.floors and line.floors[b] or 0
    if floor > v then
      redis.call('SET', line.buckets[b], int(floor), 'PXAT', int(line.expire_at))
      v = floor
    end
    values[b] = int(v)
    total = total + v
  end
  return total, values
end
local function claim(main, field, now, rearm)
  local at = redis.call('HGET', main, field)
  if at and (rearm == 0 or now - tonumber(at) < rearm) then return 0 end
  redis.call('HSET', main, field, int(now))
  return 1
end
local function reserved_of(line)
  return tonumber(redis.call('HGET', line.main, 'reserved') or '0')
end
`;

/** ARGV: id, leaseMs, retentionMs, lines, then per line: buckets, limit, amount, enforce, expireAt, rearm, floor per bucket. */
export const RESERVE = `${COMMON}
local now = now_ms()
local id, lease, retention, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local lines, k, a = {}, 1, 5
for i = 1, n do
  local nb = tonumber(ARGV[a])
  local line = { limit = tonumber(ARGV[a + 1]), amount = tonumber(ARGV[a + 2]), enforce = ARGV[a + 3] == '1',
    expire_at = tonumber(ARGV[a + 4]), rearm = tonumber(ARGV[a + 5]), floors = {} }
  for b = 1, nb do line.floors[b] = tonumber(ARGV[a + 5 + b]) end
  k = line_keys(line, k, nb)
  a = a + 6 + nb
  lines[i] = line
end
local ok = true
for _, line in ipairs(lines) do
  purge(line, now, retention)
  line.spent, line.values = spent_of(line)
  line.reserved = reserved_of(line)
  line.over = line.spent + line.reserved + line.amount > line.limit
  if line.over and line.enforce then ok = false end
end
local out = {}
for _, line in ipairs(lines) do
  local first = 0
  if line.over and ((not ok) or (not line.enforce)) then
    first = claim(line.main, 'exceeded', now, line.rearm)
    redis.call('PEXPIREAT', line.main, int(line.expire_at))
  end
  if ok then
    line.reserved = redis.call('HINCRBY', line.main, 'reserved', int(line.amount))
    redis.call('HSET', line.amounts, id, int(line.amount))
    redis.call('ZADD', line.leases, int(now + lease), id)
    for _, key in ipairs({ line.main, line.leases, line.amounts }) do redis.call('PEXPIREAT', key, int(line.expire_at)) end
  end
  out[#out + 1] = { int(line.spent), int(line.reserved), line.over and 1 or 0, first, line.values }
end
return { ok and 1 or 0, out }
`;

/** ARGV: id, retentionMs, lines, then per line: buckets, limit, actual, expireAt, rearm, floor per bucket, thresholds count, thresholds…, tags count, tags… */
export const SETTLE = `${COMMON}
local now = now_ms()
local id, retention, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out, k, a = {}, 1, 4
for i = 1, n do
  local nb = tonumber(ARGV[a])
  local line = { limit = tonumber(ARGV[a + 1]), actual = tonumber(ARGV[a + 2]), expire_at = tonumber(ARGV[a + 3]), rearm = tonumber(ARGV[a + 4]), floors = {} }
  for b = 1, nb do line.floors[b] = tonumber(ARGV[a + 4 + b]) end
  a = a + 5 + nb
  local thresholds = {}
  for t = 1, tonumber(ARGV[a]) do thresholds[t] = ARGV[a + t] end
  a = a + 1 + #thresholds
  local tags = {}
  for t = 1, tonumber(ARGV[a]) do tags[t] = ARGV[a + t] end
  a = a + 1 + #tags
  k = line_keys(line, k, nb)
  purge(line, now, retention)
  -- Repair a stale-low bucket before charging, so the charge is added to the truer value.
  local spent, values = spent_of(line)
  -- Idempotent by id: a held id is released and charged; an id that expired, or that the store lost
  -- (a restart, a flush), is charged too; an id already settled is not charged again.
  local charge = true
  local amount = redis.call('HGET', line.amounts, id)
  if amount then
    redis.call('HDEL', line.amounts, id)
    redis.call('ZREM', line.leases, id)
    if redis.call('HINCRBY', line.main, 'reserved', int(-tonumber(amount))) < 0 then redis.call('HSET', line.main, 'reserved', 0) end
  elseif redis.call('ZSCORE', line.gone, 's:' .. id) then
    charge = false
  else
    redis.call('ZREM', line.gone, 'e:' .. id)
  end
  if charge then
    redis.call('ZADD', line.gone, int(now), 's:' .. id)
    redis.call('PEXPIREAT', line.gone, int(line.expire_at))
    if line.actual > 0 then
      values[1] = int(redis.call('INCRBY', line.buckets[1], int(line.actual)))
      spent = spent + line.actual
      redis.call('PEXPIREAT', line.buckets[1], int(line.expire_at))
      for _, tag in ipairs(tags) do redis.call('ZINCRBY', line.tags, int(line.actual), tag) end
      if #tags > 0 then
        if redis.call('ZCARD', line.tags) > 200 then redis.call('ZREMRANGEBYRANK', line.tags, 0, -101) end
        redis.call('PEXPIREAT', line.tags, int(line.expire_at))
      end
    end
  end
  local fired = {}
  if charge then
    for _, t in ipairs(thresholds) do
      if spent >= tonumber(t) * line.limit and claim(line.main, 'warn:' .. t, now, line.rearm) == 1 then fired[#fired + 1] = t end
    end
    if #fired > 0 then redis.call('PEXPIREAT', line.main, int(line.expire_at)) end
  end
  local top = {}
  if #fired > 0 then top = redis.call('ZREVRANGE', line.tags, 0, 4, 'WITHSCORES') end
  out[#out + 1] = { int(spent), int(reserved_of(line)), fired, top, values }
end
return out
`;

/** ARGV: leaseMs, lines, then per line: ids count, ids… KEYS: per line, its leases. */
export const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ms = string.format('%d', now + tonumber(ARGV[1]))
local a = 3
for i = 1, tonumber(ARGV[2]) do
  local count = tonumber(ARGV[a])
  for j = 1, count do redis.call('ZADD', KEYS[i], 'XX', until_ms, ARGV[a + j]) end
  a = a + 1 + count
end
return 1
`;

/** ARGV: retentionMs, lines, then per line: buckets, floor per bucket. */
export const READ = `${COMMON}
local now = now_ms()
local retention, n = tonumber(ARGV[1]), tonumber(ARGV[2])
local out, k, a = {}, 1, 3
for i = 1, n do
  local nb = tonumber(ARGV[a])
  local line = { floors = {}, expire_at = tonumber(ARGV[a + 1]) }
  for b = 1, nb do line.floors[b] = tonumber(ARGV[a + 1 + b]) end
  k = line_keys(line, k, nb)
  a = a + 2 + nb
  purge(line, now, retention)
  local spent, values = spent_of(line)
  out[#out + 1] = { int(spent), int(reserved_of(line)), values }
end
return out
`;
