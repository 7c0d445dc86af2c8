package dev.parley.signaling;

/**
 * The Lua scripts that change a room in one atomic step on the Redis server, so that concurrent
 * requests served by different instances cannot interleave between a check and the write that
 * depends on it (two joins racing for the last seat, an unmute racing a hard mute). Keys and member
 * JSON are described in {@link RoomStore}; {@code cjson} is Redis's bundled JSON library.
 *
 * <p>One invariant holds in every script that writes a member: hosts and co-hosts are never
 * force-muted (they could lift a hard mute themselves, so forcing it on them would mean nothing).
 */
final class RoomScripts {

  /**
   * KEYS: members, state, removed, co-hosts, the node's rooms, lobby, admitted. ARGV: participantId,
   * new entry JSON, meeting role, participant limit, nodeId, connectionId, members TTL seconds,
   * meetingId, lobby on ({@code 1} or {@code 0}). A replacing join takes the new routing and resume
   * token and ends a reconnecting state. With the lobby on, a newcomer who is neither host, co-host nor
   * admitted before waits in the lobby (their entry stored there) instead of entering.
   * Returns {@code {"ended"|"removed"|"locked"|"waiting"|"full"}}, or {@code {"joined"|"replaced", self,
   * previous entry or nil, locked or nil, timerDeadline or nil, timerSeconds or nil, other members...}}.
   */
  static final String JOIN = """
      local pid = ARGV[1]
      local state = redis.call('HMGET', KEYS[2], 'ended', 'locked', 'hardMute', 'timerDeadline', 'timerSeconds')
      if state[1] == '1' then return {'ended'} end
      if redis.call('SISMEMBER', KEYS[3], pid) == 1 then return {'removed'} end
      local role = ARGV[3]
      if role ~= 'host' and redis.call('SISMEMBER', KEYS[4], pid) == 1 then role = 'co-host' end
      local moderator = role == 'host' or role == 'co-host'
      local fresh = cjson.decode(ARGV[2])
      local previous = redis.call('HGET', KEYS[1], pid)
      local outcome, member
      if previous then
        outcome = 'replaced'
        member = cjson.decode(previous)
        member.nodeId = fresh.nodeId
        member.connectionId = fresh.connectionId
        member.displayName = fresh.displayName
        member.resumeToken = fresh.resumeToken
        member.reconnecting = false
      else
        if state[2] == '1' and not moderator then return {'locked'} end
        if ARGV[9] == '1' and not moderator and redis.call('SISMEMBER', KEYS[7], pid) == 0 then
          redis.call('HSET', KEYS[6], pid, ARGV[2])
          redis.call('EXPIRE', KEYS[6], ARGV[7])
          return {'waiting'}
        end
        if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return {'full'} end
        outcome = 'joined'
        member = fresh
        if state[3] == '1' and not moderator then
          member.forceMuted = true
          member.audio = false
        end
      end
      member.role = role
      if moderator then member.forceMuted = false end
      local encoded = cjson.encode(member)
      redis.call('HSET', KEYS[1], pid, encoded)
      redis.call('EXPIRE', KEYS[1], ARGV[7])
      redis.call('SADD', KEYS[5], ARGV[8])
      redis.call('EXPIRE', KEYS[5], ARGV[7])
      local result = {outcome, encoded, previous, state[2], state[4], state[5]}
      local all = redis.call('HGETALL', KEYS[1])
      for i = 1, #all, 2 do
        if all[i] ~= pid then result[#result + 1] = all[i + 1] end
      end
      return result
      """;

  /**
   * KEYS: members. ARGV: participantId, patch JSON (member fields to set), guard ({@code 1}: refuse to
   * turn audio on for a force-muted member). Returns {@code {"absent"}}, {@code {"force-muted"}} or
   * {@code {"ok", member, changed 1|0}}.
   */
  static final String PATCH = """
      local raw = redis.call('HGET', KEYS[1], ARGV[1])
      if not raw then return {'absent'} end
      local member = cjson.decode(raw)
      local patch = cjson.decode(ARGV[2])
      if ARGV[3] == '1' and patch.audio == true and member.forceMuted == true then return {'force-muted'} end
      local changed = 0
      for k, v in pairs(patch) do
        if member[k] ~= v then changed = 1 end
        member[k] = v
      end
      if member.role == 'host' or member.role == 'co-host' then member.forceMuted = false end
      local encoded = cjson.encode(member)
      redis.call('HSET', KEYS[1], ARGV[1], encoded)
      return {'ok', encoded, changed}
      """;

  /**
   * KEYS: members, state. ARGV: actor's participantId, hard ({@code 1} or {@code 0}). Mutes everyone
   * but the actor; a hard mute force-mutes them and sets the room's hard mute for later joiners, a
   * soft one clears both. Returns {@code {participantId, member, changed 1|0, ...}} for everyone but
   * the actor.
   */
  static final String MUTE_ALL = """
      local hard = ARGV[2] == '1'
      if hard then redis.call('HSET', KEYS[2], 'hardMute', '1') else redis.call('HDEL', KEYS[2], 'hardMute') end
      local all = redis.call('HGETALL', KEYS[1])
      local result = {}
      for i = 1, #all, 2 do
        local pid = all[i]
        local member = cjson.decode(all[i + 1])
        local moderator = member.role == 'host' or member.role == 'co-host'
        local force = hard and not moderator
        local changed = 0
        if pid ~= ARGV[1] then
          if member.audio ~= false then changed = 1 end
          member.audio = false
        else
          force = false
        end
        if member.forceMuted ~= force then changed = 1 end
        member.forceMuted = force
        local encoded = cjson.encode(member)
        if changed == 1 then redis.call('HSET', KEYS[1], pid, encoded) end
        if pid ~= ARGV[1] then
          result[#result + 1] = pid
          result[#result + 1] = encoded
          result[#result + 1] = changed
        end
      end
      return result
      """;

  /**
   * KEYS: members, co-hosts. ARGV: participantId. Returns {@code {"absent"}}, {@code {"host"}} or
   * {@code {"ok", member, changed 1|0}}.
   */
  static final String PROMOTE = """
      local raw = redis.call('HGET', KEYS[1], ARGV[1])
      if not raw then return {'absent'} end
      local member = cjson.decode(raw)
      if member.role == 'host' then return {'host'} end
      redis.call('SADD', KEYS[2], ARGV[1])
      local changed = 0
      if member.role ~= 'co-host' then changed = 1 end
      member.role = 'co-host'
      member.forceMuted = false
      local encoded = cjson.encode(member)
      redis.call('HSET', KEYS[1], ARGV[1], encoded)
      return {'ok', encoded, changed}
      """;

  /**
   * KEYS: members, removed, co-hosts. ARGV: participantId. Records the removal and deletes the member;
   * returns the deleted entry or nil when they were not in the room.
   */
  static final String REMOVE = """
      redis.call('SADD', KEYS[2], ARGV[1])
      redis.call('SREM', KEYS[3], ARGV[1])
      local raw = redis.call('HGET', KEYS[1], ARGV[1])
      if raw then redis.call('HDEL', KEYS[1], ARGV[1]) end
      return raw
      """;

  /**
   * KEYS: members. ARGV: participantId, connectionId. Deletes the member only while that connection is
   * still theirs; returns the deleted entry or nil.
   */
  static final String LEAVE = """
      local raw = redis.call('HGET', KEYS[1], ARGV[1])
      if not raw then return nil end
      if cjson.decode(raw).connectionId ~= ARGV[2] then return nil end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return raw
      """;

  /**
   * KEYS: members, grace set. ARGV: participantId, connectionId, grace deadline (epoch ms), meetingId.
   * While that connection is still the member's, marks them reconnecting and schedules their removal
   * at the deadline (grace entry {@code "<meetingId> <participantId> <connectionId>"}); returns the
   * updated entry, or nil when the member is gone, on another connection, or already reconnecting.
   */
  static final String DISCONNECT = """
      local raw = redis.call('HGET', KEYS[1], ARGV[1])
      if not raw then return nil end
      local member = cjson.decode(raw)
      if member.connectionId ~= ARGV[2] or member.reconnecting == true then return nil end
      member.reconnecting = true
      local encoded = cjson.encode(member)
      redis.call('HSET', KEYS[1], ARGV[1], encoded)
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4] .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
      return encoded
      """;

  /**
   * KEYS: members, state, grace set, the node's rooms. ARGV: participantId, resume token, nodeId,
   * connectionId, meetingId, members TTL seconds. Gives a member their place back on a new connection.
   * Returns {@code {"ended"|"gone"|"mismatch"}}, or {@code {"resumed", self, previous entry, locked or
   * nil, timerDeadline or nil, timerSeconds or nil, other members...}} (the shape of {@link #JOIN}).
   */
  static final String RESUME = """
      local state = redis.call('HMGET', KEYS[2], 'ended', 'locked', 'timerDeadline', 'timerSeconds')
      if state[1] == '1' then return {'ended'} end
      local previous = redis.call('HGET', KEYS[1], ARGV[1])
      if not previous then return {'gone'} end
      local member = cjson.decode(previous)
      if member.resumeToken ~= ARGV[2] then return {'mismatch'} end
      redis.call('ZREM', KEYS[3], ARGV[5] .. ' ' .. ARGV[1] .. ' ' .. member.connectionId)
      member.nodeId = ARGV[3]
      member.connectionId = ARGV[4]
      member.reconnecting = false
      local encoded = cjson.encode(member)
      redis.call('HSET', KEYS[1], ARGV[1], encoded)
      redis.call('SADD', KEYS[4], ARGV[5])
      redis.call('EXPIRE', KEYS[4], ARGV[6])
      local result = {'resumed', encoded, previous, state[2], state[3], state[4]}
      local all = redis.call('HGETALL', KEYS[1])
      for i = 1, #all, 2 do
        if all[i] ~= ARGV[1] then result[#result + 1] = all[i + 1] end
      end
      return result
      """;

  /**
   * KEYS: grace set. ARGV: now (epoch ms), most entries to take, room key prefix. Takes the grace
   * entries that are due off the set (so exactly one instance handles each) and removes each member
   * still reconnecting on that connection. Returns {@code {meetingId, participantId, ...}} of the
   * removed.
   */
  static final String EXPIRE_GRACE = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      local removed = {}
      for _, entry in ipairs(due) do
        redis.call('ZREM', KEYS[1], entry)
        local m, pid, conn = string.match(entry, '^(%S+) (%S+) (%S+)$')
        if m then
          local key = ARGV[3] .. m .. ':members'
          local raw = redis.call('HGET', key, pid)
          if raw then
            local member = cjson.decode(raw)
            if member.connectionId == conn and member.reconnecting == true then
              redis.call('HDEL', key, pid)
              removed[#removed + 1] = m
              removed[#removed + 1] = pid
            end
          end
        end
      end
      return removed
      """;

  /**
   * KEYS: live-node set. ARGV: now (epoch ms), most nodes to take, room key prefix, node key prefix.
   * Takes the gateway nodes whose liveness deadline passed off the set and removes every member whose
   * socket was on one of them and who has not resumed elsewhere. Returns {@code {meetingId,
   * participantId, ...}} of the removed.
   */
  static final String EXPIRE_NODES = """
      local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      local removed = {}
      for _, node in ipairs(dead) do
        redis.call('ZREM', KEYS[1], node)
        local roomsKey = ARGV[4] .. node .. ':rooms'
        for _, m in ipairs(redis.call('SMEMBERS', roomsKey)) do
          local key = ARGV[3] .. m .. ':members'
          local all = redis.call('HGETALL', key)
          for i = 1, #all, 2 do
            if cjson.decode(all[i + 1]).nodeId == node then
              redis.call('HDEL', key, all[i])
              removed[#removed + 1] = m
              removed[#removed + 1] = all[i]
            end
          end
        end
        redis.call('DEL', roomsKey)
      end
      return removed
      """;

  /**
   * KEYS: lobby, admitted. ARGV: participantId, admit ({@code 1}) or deny ({@code 0}). Takes someone out
   * of the lobby, remembering an admission so that their next join enters; returns their lobby entry,
   * or nil when they are not waiting.
   */
  static final String DECIDE = """
      local raw = redis.call('HGET', KEYS[1], ARGV[1])
      if not raw then return nil end
      redis.call('HDEL', KEYS[1], ARGV[1])
      if ARGV[2] == '1' then
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('EXPIRE', KEYS[2], 86400)
      end
      return raw
      """;

  /** KEYS: members, state. Marks the room ended, clears its timer and hard mute, empties it. */
  static final String END = """
      redis.call('HSET', KEYS[2], 'ended', '1')
      redis.call('HDEL', KEYS[2], 'timerDeadline', 'timerSeconds', 'hardMute')
      redis.call('DEL', KEYS[1])
      return 1
      """;

  private RoomScripts() {
  }
}
