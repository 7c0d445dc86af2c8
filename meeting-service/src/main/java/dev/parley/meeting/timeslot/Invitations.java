package dev.parley.meeting.timeslot;

import dev.parley.meeting.calendar.CalendarInvites;

import java.time.Instant;
import java.util.List;

/**
 * Calendar invitations for bookings, built by the shared {@link CalendarInvites}: {@code METHOD:REQUEST}
 * when a slot is booked and {@code METHOD:CANCEL} when the booking ends, both with the same {@code UID}
 * (the booking id), so that calendar programs update the one entry. Times are UTC.
 */
final class Invitations {

  /** The details of one booking that an invitation describes. */
  record Booking(String bookingId, String title, Instant start, Instant end, String joinUrl,
                 String ownerName, String ownerEmail, String bookerName, String bookerEmail) {
  }

  private Invitations() {
  }

  /** @return an iCalendar text with METHOD:REQUEST, SEQUENCE:0 */
  static String request(Booking booking, Instant now) {
    return CalendarInvites.request(entry(booking, 0, booking.joinUrl()), now);
  }

  /** @return an iCalendar text with METHOD:CANCEL, SEQUENCE:1 and STATUS:CANCELLED, without the join link */
  static String cancel(Booking booking, Instant now) {
    return CalendarInvites.cancel(entry(booking, 1, null), now);
  }

  /** @return the UID of a booking's calendar entry */
  static String uid(String bookingId) {
    return bookingId + "@parley";
  }

  private static CalendarInvites.Entry entry(Booking booking, int sequence, String joinUrl) {
    return new CalendarInvites.Entry(uid(booking.bookingId()), sequence, booking.title(), booking.start(), booking.end(),
        joinUrl == null ? null : "Join the call: " + joinUrl, joinUrl,
        new CalendarInvites.Person(booking.ownerName(), booking.ownerEmail()),
        List.of(new CalendarInvites.Person(booking.bookerName(), booking.bookerEmail())), true);
  }
}
