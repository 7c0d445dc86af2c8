package dev.parley.common.embedded;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A real Redis server (the binary shipped by {@code embedded-redis}) on a free loopback port, without
 * persistence, for development and tests.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a server; fails with {@link UncheckedIOException} if the binary cannot run here. */
  public static EmbeddedRedis start() {
    int port = freePort();
    try {
      RedisServer server = RedisServer.newRedisServer()
          .port(port)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("maxmemory 256mb")
          .onShutdownForceStop(true)
          .build();
      server.start();
      return new EmbeddedRedis(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded Redis did not start on port " + port, e);
    }
  }

  /** @return {@code redis://127.0.0.1:<port>} */
  public String connectionString() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
