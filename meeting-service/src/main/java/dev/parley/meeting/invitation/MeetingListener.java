package dev.parley.meeting.invitation;

import io.vertx.core.json.JsonObject;

/**
 * What the meeting service tells invitations about a meeting's life, each as the meeting JSON of
 * {@code MeetingService}. Called after the change is stored; never fails the change it reports.
 */
public interface MeetingListener {

  /** Tells nothing to no one: for a meeting service without invitations. */
  MeetingListener NONE = new MeetingListener() {
    @Override
    public void changed(JsonObject before, JsonObject after) {
    }

    @Override
    public void ended(JsonObject meeting) {
    }

    @Override
    public void deleted(JsonObject meeting) {
    }
  };

  /** The host changed the meeting (title, time, duration, settings...). */
  void changed(JsonObject before, JsonObject after);

  /** The meeting ended (for the first time). */
  void ended(JsonObject meeting);

  /** The meeting was deleted; {@code meeting} is how it was just before. */
  void deleted(JsonObject meeting);
}
