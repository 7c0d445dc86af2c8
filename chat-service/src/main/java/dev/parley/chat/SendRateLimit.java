package dev.parley.chat;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

/**
 * Per-person send limit shared by every chat-service instance: at most {@code limit} new messages in a
 * fixed window of {@value #WINDOW_SECONDS} s, counted in Redis ({@code INCR} + {@code EXPIRE} in one
 * Lua script). Past it, {@code TOO_MANY_REQUESTS} with {@code retryAfter} = seconds left in the window.
 * Every send is counted, resends included; past the limit the service still answers a resend of a
 * stored message with that message.
 *
 * <p>The counts go over one Redis connection held open and pipelined (many requests in flight), not a
 * pooled connection per request, so that a burst of sends does not queue for the pool; a broken
 * connection is replaced on the next send. Confined to the verticle's event loop.
 */
final class SendRateLimit {

  static final int WINDOW_SECONDS = 10;

  private static final String INCREMENT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('TTL', KEYS[1])}
      """;

  private final Redis redis;
  private final int limit;
  private Future<RedisConnection> connection;

  /** @param limit messages per window and person */
  SendRateLimit(Redis redis, int limit) {
    this.redis = redis;
    this.limit = limit;
  }

  private Future<RedisConnection> connection() {
    if (connection == null || connection.failed()) {
      Future<RedisConnection> opening = redis.connect();
      connection = opening;
      opening.onSuccess(c -> c
          .exceptionHandler(err -> forget(opening))
          .endHandler(v -> forget(opening)));
    }
    return connection;
  }

  private void forget(Future<RedisConnection> broken) {
    if (connection == broken) {
      connection = null;
    }
  }

  /** Counts one message of the person; fails with {@code TOO_MANY_REQUESTS} past the limit. */
  Future<Void> admit(String userId) {
    return connection().compose(c -> c.send(Request.cmd(Command.EVAL).arg(INCREMENT).arg(1).arg("parley:chat:rate:" + userId).arg(WINDOW_SECONDS)))
        .recover(err -> Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Chat is unavailable right now; try again shortly.")))
        .compose(reply -> {
          if (reply.get(0).toLong() <= limit) {
            return Future.succeededFuture();
          }
          long retryAfter = Math.max(1, reply.get(1).toLong());
          return Future.failedFuture(ErrorCode.TOO_MANY_REQUESTS.exception(
              "You are sending messages too fast: at most " + limit + " every " + WINDOW_SECONDS
                  + " seconds. Try again in " + retryAfter + (retryAfter == 1 ? " second." : " seconds."),
              new JsonObject().put(ErrorCode.RETRY_AFTER, retryAfter)));
        });
  }
}
