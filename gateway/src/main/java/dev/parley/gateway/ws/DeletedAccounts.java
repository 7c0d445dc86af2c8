package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Closes the sockets of a deleted account on this gateway node as soon as the auth service publishes
 * {@link Addresses#ACCOUNT_DELETED} (every node receives it), with close code
 * {@link SocketHub#CLOSE_UNAUTHORIZED}: the token the socket authenticated with no longer names an
 * account. Its presence entries go with the sockets.
 */
public final class DeletedAccounts {

  private final SocketHub hub;
  private MessageConsumer<JsonObject> consumer;

  public DeletedAccounts(SocketHub hub) {
    this.hub = hub;
  }

  /** Starts listening. */
  public Future<Void> register(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.ACCOUNT_DELETED, message -> {
      String userId = message.body().getString("userId");
      hub.forEachConnection(connection -> {
        if (userId != null && userId.equals(connection.caller().getUserId()) && connection.caller().isAccount()) {
          connection.close(SocketHub.CLOSE_UNAUTHORIZED, "This account was deleted");
        }
      });
    });
    return consumer.completion();
  }

  /** Stops listening. */
  public Future<Void> unregister() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
