package dev.parley.signaling;

import dev.parley.common.ServiceMain;
import dev.parley.signaling.board.BoardVerticle;

/** Runs the signaling service and the whiteboard beside it, clustered (see {@link ServiceMain}). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("signaling-service", (vertx, options) -> vertx.deployVerticle(new SignalingVerticle(), options)
        .compose(id -> vertx.deployVerticle(new BoardVerticle(), options)), true, true).run();
  }
}
