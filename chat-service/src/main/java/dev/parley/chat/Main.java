package dev.parley.chat;

import dev.parley.common.ServiceMain;

/** Runs the chat service alone, clustered (see {@link ServiceMain}). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("chat-service", ChatVerticle::new, true, true).run();
  }
}
