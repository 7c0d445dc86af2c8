package dev.parley.api.scheduling;

import io.vertx.core.json.JsonObject;

/**
 * The one rule of who sees what of a timeslot, shared by the scheduling service (REST answers) and
 * the gateway (live {@code event.*} pushes): the owner sees the booker, the booker sees their own
 * booking, anyone else sees only whether the slot is open or booked, never by whom.
 */
public final class TimeslotView {

  private TimeslotView() {
  }

  /**
   * @param slot a full slot as {@link SchedulingService} describes it for the owner (with
   *     {@code ownerId} and {@code booker})
   * @param viewerId the user id of the viewer
   * @return a copy the viewer may see, with {@code mine} telling whether the viewer booked it
   */
  public static JsonObject forViewer(JsonObject slot, String viewerId) {
    JsonObject view = slot.copy();
    JsonObject booker = slot.getJsonObject("booker");
    boolean mine = booker != null && viewerId != null && viewerId.equals(booker.getString("id"));
    view.put("mine", mine);
    if (!mine && (viewerId == null || !viewerId.equals(slot.getString("ownerId")))) {
      view.remove("booker");
    }
    return view;
  }
}
