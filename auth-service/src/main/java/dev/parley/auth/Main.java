package dev.parley.auth;

import dev.parley.common.ServiceMain;

/** Runs the auth service alone, clustered (see {@link ServiceMain}). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("auth-service", AuthVerticle::new, true, true).run();
  }
}
