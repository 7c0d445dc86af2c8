package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.admin.AccountNotice;
import dev.parley.common.jwt.AccessTokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Acts on {@link AccountNotice}s ({@link Addresses#ACCOUNT_CHANGED}) for this gateway node: a disabled
 * account's sockets get {@code session.revoked {reason: "disabled"}} and are closed with
 * {@value #CLOSE_REVOKED} (leaving its rooms at once, without the grace a dropped connection gets), and its unexpired access tokens are refused from then on (REST and
 * WebSocket share the verifier); the live sockets of an account whose role changed get
 * {@code session.updated {role}} and are checked with the new role from then on. Event-loop confined.
 */
public final class AccountChanges {

  /** WebSocket close code for a session an admin ended (private-use range, RFC 6455 §7.4.2). */
  public static final short CLOSE_REVOKED = 4403;
  /** The longest an access token lives (the auth service's 15 minutes). */
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

  private final Vertx vertx;
  private final SocketHub hub;
  private final AccessTokenVerifier verifier;
  private MessageConsumer<JsonObject> consumer;

  public AccountChanges(Vertx vertx, SocketHub hub, AccessTokenVerifier verifier) {
    this.vertx = vertx;
    this.hub = hub;
    this.verifier = verifier;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.ACCOUNT_CHANGED, message -> apply(AccountNotice.of(message.body())));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void apply(AccountNotice notice) {
    if (notice.userId() == null) {
      return;
    }
    if (notice.disabled()) {
      verifier.revokeSubject(notice.userId(), TOKEN_LIFETIME);
    } else {
      verifier.restoreSubject(notice.userId());
    }
    List<ClientConnection> own = new ArrayList<>();
    for (ClientConnection connection : hub.connections()) {
      if (connection.caller() != null && notice.userId().equals(connection.caller().getUserId())) {
        own.add(connection);
      }
    }
    for (ClientConnection connection : own) {
      if (notice.disabled()) {
        connection.revoke();
        connection.send(Frames.push("session.revoked", new JsonObject().put("reason", "disabled")));
        connection.close(CLOSE_REVOKED, "This account was disabled");
      } else if (notice.role() != null && !notice.role().equals(connection.caller().getRole())) {
        connection.caller().setRole(notice.role());
        connection.send(Frames.push("session.updated", new JsonObject().put("role", notice.role())));
      }
    }
  }
}
