package dev.parley.gateway;

import dev.parley.common.ServiceMain;

/** Runs the gateway alone, clustered (see {@link ServiceMain}); it serves its own health and metrics. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("gateway", GatewayVerticle::deploy, false, false).run();
  }
}
