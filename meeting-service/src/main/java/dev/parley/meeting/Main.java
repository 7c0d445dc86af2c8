package dev.parley.meeting;

import dev.parley.common.ServiceMain;

/** Runs the meeting service alone, clustered (see {@link ServiceMain}). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    new ServiceMain("meeting-service", MeetingVerticle::new, true, true).run();
  }
}
