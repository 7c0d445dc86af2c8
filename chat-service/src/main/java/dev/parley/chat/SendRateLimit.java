package dev.parley.chat;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-person send limit shared by every chat-service instance: at most {@code limit} new messages in a
 * fixed window of {@value #WINDOW_SECONDS} s, counted in Redis ({@code INCR} + {@code EXPIRE} in one
 * Lua script). Past it, {@code TOO_MANY_REQUESTS} with {@code retryAfter} = seconds left in the window.
 * Every send is counted, resends included; past the limit the service still answers a resend of a
 * stored message with that message.
 *
 * <p>Counts are sent as Redis batches (one pipelined write of many scripts on one connection), one batch
 * in flight at a time: while one is out, new counts wait for the next, so a busy instance sends a few
 * batches per round trip instead of one request per message (issue 17). At most
 * {@value #MAX_WAITING} counts wait; past that a send is refused at once with {@code UNAVAILABLE} and
 * {@code retryAfter} rather than queued. Confined to the verticle's event loop.
 */
final class SendRateLimit {

  static final int WINDOW_SECONDS = 10;
  /** Counts waiting for the next batch, at most. */
  static final int MAX_WAITING = 4_096;
  /** Counts in one batch, at most. */
  private static final int MAX_BATCH = 512;

  private static final String INCREMENT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('TTL', KEYS[1])}
      """;

  private static final Logger LOG = LoggerFactory.getLogger(SendRateLimit.class);

  private record Waiting(String userId, Promise<Void> promise) {
  }

  private final Redis redis;
  private final int limit;
  private final List<Waiting> waiting = new ArrayList<>();
  private boolean counting;

  /**
   * @param redis a pooled client
   * @param limit messages per window and person
   */
  SendRateLimit(Redis redis, int limit) {
    this.redis = redis;
    this.limit = limit;
  }

  /**
   * Counts one message of the person; fails with {@code TOO_MANY_REQUESTS} past the limit, with
   * {@code UNAVAILABLE} when Redis fails or too many counts are waiting.
   */
  Future<Void> admit(String userId) {
    if (waiting.size() >= MAX_WAITING) {
      return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Chat is busy right now; send again shortly.",
          new JsonObject().put(ErrorCode.RETRY_AFTER, 1)));
    }
    Promise<Void> promise = Promise.promise();
    waiting.add(new Waiting(userId, promise));
    if (!counting) {
      count();
    }
    return promise.future();
  }

  /** Sends the waiting counts as one batch, then the next batch, until none wait. */
  private void count() {
    if (waiting.isEmpty()) {
      counting = false;
      return;
    }
    counting = true;
    List<Waiting> batch = new ArrayList<>(waiting.subList(0, Math.min(MAX_BATCH, waiting.size())));
    waiting.subList(0, batch.size()).clear();
    List<Request> requests = batch.stream()
        .map(entry -> Request.cmd(Command.EVAL).arg(INCREMENT).arg(1).arg("parley:chat:rate:" + entry.userId()).arg(WINDOW_SECONDS))
        .toList();
    redis.batch(requests).onComplete(replies -> {
      if (replies.failed()) {
        LOG.warn("Counting {} chat messages in Redis failed", batch.size(), replies.cause());
      }
      for (int i = 0; i < batch.size(); i++) {
        settle(batch.get(i).promise(), replies.succeeded() ? replies.result().get(i) : null);
      }
      count();
    });
  }

  private void settle(Promise<Void> promise, Response reply) {
    if (reply == null) {
      promise.fail(ErrorCode.UNAVAILABLE.exception("Chat is unavailable right now; try again shortly."));
    } else if (reply.get(0).toLong() <= limit) {
      promise.complete();
    } else {
      long retryAfter = Math.max(1, reply.get(1).toLong());
      promise.fail(ErrorCode.TOO_MANY_REQUESTS.exception(
          "You are sending messages too fast: at most " + limit + " every " + WINDOW_SECONDS
              + " seconds. Try again in " + retryAfter + (retryAfter == 1 ? " second." : " seconds."),
          new JsonObject().put(ErrorCode.RETRY_AFTER, retryAfter)));
    }
  }
}
