package dev.parley.gateway.session;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * The single-session lease of an account in Redis, shared by every gateway: the key
 * {@code parley:session:<userId>} holds the id of the one client (a browser tab, whose sockets all
 * carry the same client id) that may use the account, for {@link #TTL_MS} from its last refresh.
 * Taking it is {@code SET NX PX} unless the same client holds it; taking over ({@code Use here}) is a
 * plain {@code SET PX}; refreshing extends it only for its holder, and takes it again if it has
 * lapsed; releasing deletes it only for its holder. A client that dies without a goodbye stops
 * refreshing, so nobody is locked out for longer than {@link #TTL_MS}.
 */
public final class SessionLease {

  /** How long a lease lasts without a refresh. */
  public static final long TTL_MS = 30_000;
  /** How often gateways refresh the leases of their sockets' clients. */
  public static final long REFRESH_MS = 10_000;

  private static final String PREFIX = "parley:session:";

  /** KEYS: lease. ARGV: client id, ttl ms. Returns 1 when the client holds the lease afterwards. */
  private static final String CLAIM = """
      local holder = redis.call('GET', KEYS[1])
      if holder and holder ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return 1
      """;

  /** KEYS: lease. ARGV: client id. Deletes the lease only for its holder. */
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return 1
      """;

  private final Redis redis;

  public SessionLease(Redis redis) {
    this.redis = redis;
  }

  /**
   * Takes the lease for a client, or refreshes it for its holder.
   *
   * @return whether the client holds it now; {@code false} when another client does
   */
  public Future<Boolean> claim(String userId, String clientId) {
    return redis.send(Request.cmd(Command.EVAL).arg(CLAIM).arg(1).arg(PREFIX + userId).arg(clientId).arg(TTL_MS))
        .map(reply -> reply != null && reply.toInteger() == 1);
  }

  /** Takes the lease for a client whoever holds it ("Use here"). */
  public Future<Void> takeOver(String userId, String clientId) {
    return redis.send(Request.cmd(Command.SET).arg(PREFIX + userId).arg(clientId).arg("PX").arg(TTL_MS)).mapEmpty();
  }

  /** Gives the lease up if the client holds it. */
  public Future<Void> release(String userId, String clientId) {
    return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(PREFIX + userId).arg(clientId)).mapEmpty();
  }
}
