package dev.parley.standalone;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar standalone/target/parley.jar}: runs every Parley service in this JVM with embedded
 * stores under {@code ./parley-data} (see {@link Standalone}), prints the URL to open, and stops
 * cleanly on Ctrl-C or SIGTERM.
 */
public final class StandaloneMain {

  private static final Logger LOG = LoggerFactory.getLogger(StandaloneMain.class);

  private StandaloneMain() {
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    Standalone standalone;
    try {
      standalone = Standalone.start(new JsonObject()).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("Parley did not start: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "parley-shutdown"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    LOG.info("Parley is ready in {} ms: open {} (listening on port {})", millis, standalone.publicUrl(), standalone.port());
    if (standalone.mailboxPort() > 0) {
      LOG.info("Mail sent by Parley is captured at http://localhost:{}/", standalone.mailboxPort());
    }
  }
}
