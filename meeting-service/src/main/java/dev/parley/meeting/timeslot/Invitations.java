package dev.parley.meeting.timeslot;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;

/**
 * Calendar invitations for bookings (RFC 5545, iTIP RFC 5546), built with ical4j: {@code METHOD:REQUEST}
 * when a slot is booked and {@code METHOD:CANCEL} when the booking ends, both with the same
 * {@code UID} (the booking id), so that calendar programs update the one entry. Times are UTC.
 */
final class Invitations {

  /** The details of one booking that an invitation describes. */
  record Booking(String bookingId, String title, Instant start, Instant end, String joinUrl,
                 String ownerName, String ownerEmail, String bookerName, String bookerEmail) {
  }

  private static final ProdId PRODID = new ProdId("-//Parley//Scheduling//EN");

  private Invitations() {
  }

  /** @return an iCalendar text with METHOD:REQUEST, SEQUENCE:0 */
  static String request(Booking booking, Instant now) {
    return write(calendar(booking, now, false));
  }

  /** @return an iCalendar text with METHOD:CANCEL, SEQUENCE:1 and STATUS:CANCELLED */
  static String cancel(Booking booking, Instant now) {
    return write(calendar(booking, now, true));
  }

  /** @return the UID of a booking's calendar entry */
  static String uid(String bookingId) {
    return bookingId + "@parley";
  }

  private static Calendar calendar(Booking booking, Instant now, boolean cancelled) {
    VEvent event = new VEvent(booking.start(), booking.end(), booking.title());
    event.add(new Uid(uid(booking.bookingId())));
    event.add(new DtStamp(now));
    event.add(new Sequence(cancelled ? 1 : 0));
    event.add(new Description("Join the call: " + booking.joinUrl()));
    event.add(new Url(URI.create(booking.joinUrl())));
    Organizer organizer = new Organizer(URI.create("mailto:" + booking.ownerEmail()));
    organizer.add(new Cn(booking.ownerName()));
    event.add(organizer);
    Attendee attendee = new Attendee(URI.create("mailto:" + booking.bookerEmail()));
    attendee.add(new Cn(booking.bookerName()));
    attendee.add(Role.REQ_PARTICIPANT);
    attendee.add(PartStat.ACCEPTED);
    event.add(attendee);
    if (cancelled) {
      event.add(ImmutableStatus.VEVENT_CANCELLED);
    } else {
      event.add(ImmutableStatus.VEVENT_CONFIRMED);
    }
    Calendar calendar = new Calendar();
    calendar.add(PRODID);
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    calendar.add(cancelled ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST);
    calendar.add(event);
    return calendar;
  }

  private static String write(Calendar calendar) {
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
