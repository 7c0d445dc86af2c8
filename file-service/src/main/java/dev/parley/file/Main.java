package dev.parley.file;

import dev.parley.common.ServiceMain;

/** Runs the file service alone, clustered (see {@link ServiceMain}). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("file-service", FileVerticle::new, true, true).run();
  }
}
