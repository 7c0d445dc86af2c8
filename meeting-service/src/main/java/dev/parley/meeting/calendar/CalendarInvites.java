package dev.parley.meeting.calendar;

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
import java.util.List;

/**
 * The one iCalendar builder of the meeting service (RFC 5545, iTIP RFC 5546), built with ical4j, used
 * by booking mails and meeting invitations alike: {@code METHOD:REQUEST} for a new or changed entry and
 * {@code METHOD:CANCEL} (with {@code STATUS:CANCELLED}) when it goes away. Calendar programs match an
 * update or a cancellation to the entry by {@code UID} and take it when its {@code SEQUENCE} is higher.
 * Times are UTC. Each VEVENT carries exactly one {@code DTSTAMP} (RFC 5545 §3.6.1: "MUST NOT occur more
 * than once"): ical4j's {@code VEvent} constructors already add one stamped with the system clock, which
 * is replaced rather than added to.
 */
public final class CalendarInvites {

  /** Someone named in an entry. */
  public record Person(String name, String email) {
  }

  /**
   * One calendar entry.
   *
   * @param uid stable across updates and the cancellation
   * @param sequence 0 for the first request, one more for each later change or the cancellation
   * @param description plain text, or null
   * @param url the join link, or null (a cancellation carries none)
   * @param attendeesAccepted whether the attendees already agreed (a booking) or still have to answer
   */
  public record Entry(String uid, int sequence, String title, Instant start, Instant end, String description,
                      String url, Person organizer, List<Person> attendees, boolean attendeesAccepted) {
  }

  private static final ProdId PRODID = new ProdId("-//Parley//Meetings//EN");

  private CalendarInvites() {
  }

  /** @return an iCalendar text with {@code METHOD:REQUEST} and {@code STATUS:CONFIRMED} */
  public static String request(Entry entry, Instant now) {
    return write(calendar(entry, now, false));
  }

  /** @return an iCalendar text with {@code METHOD:CANCEL} and {@code STATUS:CANCELLED} */
  public static String cancel(Entry entry, Instant now) {
    return write(calendar(entry, now, true));
  }

  private static Calendar calendar(Entry entry, Instant now, boolean cancelled) {
    VEvent event = new VEvent(entry.start(), entry.end(), entry.title());
    event.replace(new DtStamp(now));
    event.add(new Uid(entry.uid()));
    event.add(new Sequence(entry.sequence()));
    if (entry.description() != null) {
      event.add(new Description(entry.description()));
    }
    if (entry.url() != null) {
      event.add(new Url(URI.create(entry.url())));
    }
    if (entry.organizer() != null && entry.organizer().email() != null) {
      Organizer organizer = new Organizer(URI.create("mailto:" + entry.organizer().email()));
      if (entry.organizer().name() != null) {
        organizer.add(new Cn(entry.organizer().name()));
      }
      event.add(organizer);
    }
    for (Person person : entry.attendees()) {
      if (person.email() == null) {
        continue;
      }
      Attendee attendee = new Attendee(URI.create("mailto:" + person.email()));
      if (person.name() != null) {
        attendee.add(new Cn(person.name()));
      }
      attendee.add(Role.REQ_PARTICIPANT);
      attendee.add(entry.attendeesAccepted() ? PartStat.ACCEPTED : PartStat.NEEDS_ACTION);
      event.add(attendee);
    }
    event.add(cancelled ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
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
