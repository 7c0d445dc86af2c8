package dev.parley.file;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Adobe S3Mock's executable jar ({@code target/s3mock/s3mock.jar}) in its own JVM on loopback
 * ports found free, with one bucket, and stops it. Its data lives in a temporary directory.
 */
final class S3Mock implements AutoCloseable {

  private final Process process;
  private final String endpoint;

  private S3Mock(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static S3Mock start(String bucket) throws Exception {
    Path jar = Path.of("target", "s3mock", "s3mock.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the tests through Maven, which copies it");
    }
    int http = freePort();
    int https = freePort();
    Path root = Files.createTempDirectory("s3mock");
    Path log = root.resolveSibling(root.getFileName() + ".log");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
        "--com.adobe.testing.s3mock.httpPort=" + http, "--server.port=" + https, "--server.address=127.0.0.1",
        "--com.adobe.testing.s3mock.store.initialBuckets=" + bucket,
        "--com.adobe.testing.s3mock.store.root=" + root))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3Mock mock = new S3Mock(process, "http://127.0.0.1:" + http);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!mock.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("S3Mock did not start; see " + log);
      }
      Thread.sleep(200);
    }
    return mock;
  }

  String endpoint() {
    return endpoint;
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
