package dev.parley.auth;

import dev.parley.common.ServiceMain;

/**
 * Runs the auth service alone, clustered (see {@link ServiceMain}). With the argument
 * {@code generate-key} it instead prints a new JWK Set with one private P-256 signing key to standard
 * output and exits: the content of the file {@code PARLEY_JWT_KEY_FILE} names (a deployment's secret).
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length == 1 && "generate-key".equals(args[0])) {
      System.out.println(SigningKeys.newKeySet());
      return;
    }
    new ServiceMain("auth-service", AuthVerticle::new, true, true).run();
  }
}
