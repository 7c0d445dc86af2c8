package dev.parley.file;

import dev.parley.common.ServiceMain;
import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the file service alone, clustered (see {@link ServiceMain}); {@code /health/ready} includes its
 * blob store (GridFS or the S3 bucket) as {@code store}.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    AtomicReference<FileVerticle> deployed = new AtomicReference<>();
    new ServiceMain("file-service", (vertx, options) -> {
      FileVerticle verticle = new FileVerticle();
      deployed.set(verticle);
      return vertx.deployVerticle(verticle, options);
    }, true, true)
        .check("store", () -> deployed.get() == null ? Future.failedFuture("not deployed") : deployed.get().store().check())
        .run();
  }
}
