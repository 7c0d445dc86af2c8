package dev.parley.common.ops;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTest {

  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health/ready", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.createContext("/health/live", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  @DisplayName("The probe reports the status the health endpoint answered")
  void reportsStatus() {
    assertThat(HealthProbe.status(uri("/health/live"))).isEqualTo(200);
    assertThat(HealthProbe.status(uri("/health/ready"))).isEqualTo(503);
  }

  @Test
  @DisplayName("A refused connection is reported as -1, never as healthy")
  void refusedIsUnhealthy() {
    int port = server.getAddress().getPort();
    server.stop(0);
    assertThat(HealthProbe.status(URI.create("http://127.0.0.1:" + port + "/health/ready"))).isEqualTo(-1);
  }
}
