package dev.parley.common.ops;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check for images that carry no shell or curl: {@code java -cp @/app/jib-classpath-file
 * dev.parley.common.ops.HealthProbe [path]} asks {@code http://127.0.0.1:$PARLEY_HTTP_PORT<path>}
 * (default {@code /health/ready}) and exits 0 on HTTP 200, 1 otherwise (another status, refused
 * connection, or no answer within 3 s). Used by docker-compose's {@code healthcheck}; Kubernetes probes
 * the same paths over HTTP itself.
 */
public final class HealthProbe {

  private static final int TIMEOUT_MS = 3_000;

  private HealthProbe() {
  }

  /** @param args optional path, e.g. {@code /health/live} */
  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("PARLEY_HTTP_PORT", "8080");
    String path = args.length > 0 ? args[0] : "/health/ready";
    System.exit(status(URI.create("http://127.0.0.1:" + port + path)) == 200 ? 0 : 1);
  }

  /** @return the HTTP status of a GET to {@code uri}, or -1 when it could not be asked */
  static int status(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MS);
      connection.setReadTimeout(TIMEOUT_MS);
      try {
        return connection.getResponseCode();
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }
}
