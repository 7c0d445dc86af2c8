package dev.parley.signaling;

import dev.parley.common.ServiceMain;

/** Runs the signaling service alone, clustered (see {@link ServiceMain}). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("signaling-service", () -> new SignalingVerticle(), true, true).run();
  }
}
