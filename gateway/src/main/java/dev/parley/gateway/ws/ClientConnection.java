package dev.parley.gateway.ws;

import dev.parley.api.Caller;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * One open WebSocket on this gateway node: its id, the caller once the {@code auth} frame verified a
 * token, and the topics it holds.
 */
public final class ClientConnection {

  private final String id;
  private final ServerWebSocket socket;
  private final Set<String> topics = new HashSet<>();
  private final FrameBudget budget;
  private final Runnable slowReader;
  private Caller caller;
  private long authTimer = -1;
  private boolean revoked;
  private boolean closedForSlowness;

  /** @param slowReader called once when the socket is closed for not reading its messages */
  ClientConnection(String id, ServerWebSocket socket, FrameBudget budget, Runnable slowReader) {
    this.id = id;
    this.socket = socket;
    this.budget = budget;
    this.slowReader = slowReader;
  }

  FrameBudget budget() {
    return budget;
  }

  public String id() {
    return id;
  }

  /** @return the authenticated caller, or {@code null} before authentication */
  public Caller caller() {
    return caller;
  }

  void authenticated(Caller caller) {
    this.caller = caller;
  }

  boolean isAuthenticated() {
    return caller != null;
  }

  Set<String> topics() {
    return topics;
  }

  /** Marks the session as ended by the server (an account disabled): its rooms are left at once, not kept. */
  void revoke() {
    revoked = true;
  }

  /** @return whether the server ended this session ({@link #revoke}) */
  boolean isRevoked() {
    return revoked;
  }

  long authTimer() {
    return authTimer;
  }

  void authTimer(long timerId) {
    this.authTimer = timerId;
  }

  /**
   * Writes a frame. A client too slow to drain its write queue (past Netty's high-water mark) is closed
   * with 1008 at the next write, and nothing more is queued for it, rather than buffered without bound.
   */
  public void send(JsonObject frame) {
    if (writable()) {
      socket.writeTextMessage(frame.encode());
    }
  }

  /** Writes a frame that is already JSON text (e.g. a relayed signal), as {@link #send(JsonObject)} does. */
  void sendText(String frame) {
    if (writable()) {
      socket.writeTextMessage(frame);
    }
  }

  private boolean writable() {
    if (socket.isClosed() || closedForSlowness) {
      return false;
    }
    if (socket.writeQueueFull()) {
      closedForSlowness = true;
      slowReader.run();
      socket.close(SocketHub.CLOSE_POLICY, "Client is not reading its messages");
      return false;
    }
    return true;
  }

  void close(short code, String reason) {
    if (!socket.isClosed()) {
      socket.close(code, reason);
    }
  }
}
