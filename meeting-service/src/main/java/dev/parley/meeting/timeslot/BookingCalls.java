package dev.parley.meeting.timeslot;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call of a booked slot: an ordinary meeting created through {@link MeetingService}, hosted by
 * the slot's owner with the booker as participant and no guests, recorded on the slot
 * ({@code meetingId}, {@code joinCode}). The meeting service keeps strangers out of it.
 */
final class BookingCalls {

  private static final Logger LOG = LoggerFactory.getLogger(BookingCalls.class);
  private static final int PARTICIPANT_LIMIT = 4;

  private final MeetingService meetings;
  private final TimeslotRepository slots;

  BookingCalls(MeetingService meetings, TimeslotRepository slots) {
    this.meetings = meetings;
    this.slots = slots;
  }

  /**
   * Gives a booked slot its call unless it has one. Of two concurrent creations the first recorded
   * wins and the other meeting is deleted.
   *
   * @param booked the slot document with its booking
   * @return the slot with {@code meetingId} and {@code joinCode}; {@code CONFLICT} when the booking
   *     ended meanwhile
   */
  Future<JsonObject> ensure(JsonObject event, JsonObject booked) {
    if (booked.getString("meetingId") != null) {
      return Future.succeededFuture(booked);
    }
    Caller owner = owner(event, booked);
    Caller booker = new Caller().setUserId(booked.getString("bookerId")).setDisplayName(booked.getString("bookerName"))
        .setRole(Caller.ROLE_USER).setCorrelationId("booking-" + booked.getString("bookingId"));
    String title = event.getString("title") + " with " + booked.getString("bookerName");
    JsonObject draft = new JsonObject()
        .put("title", title.length() <= Fields.MAX_TITLE_LENGTH ? title : title.substring(0, Fields.MAX_TITLE_LENGTH))
        .put("scheduledStart", MongoDates.read(booked, "start").toString())
        .put("settings", new JsonObject().put("guestsAllowed", false).put("lobby", false)
            .put("participantLimit", PARTICIPANT_LIMIT));
    return meetings.create(draft, owner).compose(meeting -> meetings.join(meeting.getString("joinCode"), null, booker)
        .compose(joined -> slots.attachMeeting(booked.getString("_id"), booked.getString("bookingId"),
            meeting.getString("id"), meeting.getString("joinCode")))
        .compose(attached -> {
          if (attached != null) {
            return Future.succeededFuture(attached);
          }
          // Another request gave the booking its call first, or the booking ended meanwhile.
          end(meeting.getString("id"), owner);
          return slots.find(event.getString("_id"), booked.getString("_id")).compose(current -> current != null
              && booked.getString("bookingId").equals(current.getString("bookingId")) && current.getString("meetingId") != null
              ? Future.succeededFuture(current)
              : Future.failedFuture(ErrorCode.CONFLICT.exception("This booking has just been cancelled.")));
        }));
  }

  /** Deletes the call of a booking that ended, if it had one; failures are logged. */
  void end(JsonObject event, JsonObject booked) {
    String meetingId = booked.getString("meetingId");
    if (meetingId != null) {
      end(meetingId, owner(event, booked));
    }
  }

  private void end(String meetingId, Caller owner) {
    meetings.delete(meetingId, owner)
        .onFailure(err -> LOG.warn("The call {} of an ended booking was not deleted", meetingId, err));
  }

  /** @return the slot's owner as the caller of meeting-service requests made on their behalf */
  private static Caller owner(JsonObject event, JsonObject slot) {
    return new Caller().setUserId(slot.getString("ownerId")).setDisplayName(event.getString("ownerName"))
        .setRole(Caller.ROLE_USER).setCorrelationId("booking-" + slot.getString("bookingId"));
  }
}
