package dev.parley.chat;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * The bound on chat sends one chat-service instance works on at once (issue 17: overload is refused, not
 * queued): from the moment a send reaches the service until it is answered, it counts here; past
 * {@code max}, a send is refused at once with {@code UNAVAILABLE} and {@code retryAfter} (1 s) before
 * it touches Redis or the store, so nothing of it is stored. With the store keeping up at about 1,000
 * messages per second, the default of 1,000 keeps what an accepted send waits for under a second.
 * Confined to the verticle's event loop.
 */
final class SendsInProgress {

  /** The default bound: sends being worked on at once, per instance. */
  static final int DEFAULT_MAX = 1_000;

  private final int max;
  private int current;

  /** @param max sends worked on at once, at least 1 */
  SendsInProgress(int max) {
    this.max = Math.max(1, max);
  }

  /** Runs the send when there is room for it, and counts it until it completes. */
  <T> Future<T> run(Supplier<Future<T>> send) {
    if (current >= max) {
      return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Chat is busy right now; send again shortly.",
          new JsonObject().put(ErrorCode.RETRY_AFTER, 1)));
    }
    current++;
    Future<T> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.andThen(done -> current--);
  }

  /** @return sends being worked on now */
  int current() {
    return current;
  }
}
