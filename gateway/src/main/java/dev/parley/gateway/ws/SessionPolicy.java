package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.gateway.session.SessionLease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code PARLEY_SESSION_POLICY}: with {@code single}, an account has one live client at a time
 * (docs/websocket-protocol.md, "Session policy"). Each socket names its client in the {@code auth}
 * frame ({@code clientId}, the same for every socket of one browser tab; a socket without one is a
 * client of its own). The {@link SessionLease} decides: a client that does not hold the account's
 * lease is refused at {@code auth} with {@code conflict} (close {@link SocketHub#CLOSE_REFUSED}) unless
 * it asks to take over ({@code takeOver: true}, the "Use here" button). Taking over publishes
 * {@code session.replaced {clientId}} on the account's user topic: every other client's sockets get it
 * and are closed {@value #REPLACED_CLOSE_MS} ms later (time to leave their calls cleanly). Gateways
 * refresh the leases of their sockets' clients every {@link SessionLease#REFRESH_MS}; a socket whose
 * client lost the lease meanwhile is treated as replaced. With {@code multiple} (the default) nothing
 * of this happens.
 */
public final class SessionPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(SessionPolicy.class);
  /** How long a replaced client's sockets stay open after {@code session.replaced}, in ms. */
  static final long REPLACED_CLOSE_MS = 2_000;
  static final String REPLACED = "session.replaced";
  private static final String ELSEWHERE = "You are using Parley in another window. Choose “Use here” to use it in this one.";

  private final Vertx vertx;
  private final SocketHub hub;
  private final SessionLease lease;
  /** Connection id → its client id, for account sockets of this node. */
  private final Map<String, String> clients = new HashMap<>();
  private long refreshTimer = -1;

  public SessionPolicy(Vertx vertx, SocketHub hub, SessionLease lease) {
    this.vertx = vertx;
    this.hub = hub;
    this.lease = lease;
  }

  /** @return whether {@code value} (of {@code PARLEY_SESSION_POLICY}) asks for one client per account */
  public static boolean isSingle(String value) {
    return value != null && value.trim().equalsIgnoreCase("single");
  }

  /** Installs the auth guard, the push filter and the close listener, and starts refreshing. */
  public void register() {
    hub.guardAuth(this::admit);
    hub.filterPushes(this::replacedPush);
    hub.onClose(connection -> {
      String clientId = clients.remove(connection.id());
      if (clientId != null && !clients.containsValue(clientId)) {
        lease.release(connection.caller().getUserId(), clientId)
            .onFailure(err -> LOG.warn("Session lease not released: {}", err.getMessage()));
      }
    });
    refreshTimer = vertx.setPeriodic(SessionLease.REFRESH_MS, id -> refresh());
  }

  public void stop() {
    vertx.cancelTimer(refreshTimer);
  }

  private Future<Void> admit(ClientConnection connection, Caller caller, JsonObject data) {
    if (!caller.isAccount()) {
      return Future.succeededFuture();
    }
    Object given = data.getValue("clientId");
    String clientId = given instanceof String s && Ids.isId(s) ? s : connection.id();
    String userId = caller.getUserId();
    Future<Boolean> held = Boolean.TRUE.equals(data.getValue("takeOver"))
        ? lease.takeOver(userId, clientId).map(v -> {
          vertx.eventBus().publish(Addresses.userTopic(userId),
              Frames.push(REPLACED, new JsonObject().put("clientId", clientId)));
          return true;
        })
        : lease.claim(userId, clientId);
    return held.compose(holds -> {
      if (!holds) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception(ELSEWHERE));
      }
      clients.put(connection.id(), clientId);
      return Future.succeededFuture();
    });
  }

  /** Passes {@code session.replaced} to the replaced clients' sockets (and closes them soon), drops it for the new one. */
  private JsonObject replacedPush(ClientConnection connection, JsonObject frame) {
    if (!REPLACED.equals(frame.getString("type"))) {
      return frame;
    }
    String mine = clients.get(connection.id());
    String winner = frame.getJsonObject("data", new JsonObject()).getString("clientId");
    if (mine == null || mine.equals(winner)) {
      return null;
    }
    replaced(connection);
    return frame;
  }

  private void replaced(ClientConnection connection) {
    clients.remove(connection.id());
    vertx.setTimer(REPLACED_CLOSE_MS, id -> connection.close(SocketHub.CLOSE_REFUSED, "Parley is open in another window"));
  }

  private void refresh() {
    hub.forEachConnection(connection -> {
      String clientId = clients.get(connection.id());
      if (clientId == null) {
        return;
      }
      lease.claim(connection.caller().getUserId(), clientId).onSuccess(holds -> {
        if (!holds && clients.containsKey(connection.id())) {
          connection.send(Frames.push(REPLACED, new JsonObject().put("clientId", (String) null)));
          replaced(connection);
        }
      }).onFailure(err -> LOG.warn("Session lease not refreshed: {}", err.getMessage()));
    });
  }
}
