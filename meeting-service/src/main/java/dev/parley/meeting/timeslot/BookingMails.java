package dev.parley.meeting.timeslot;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The mails of a booking, each to owner and booker alike, with a plain-text part, an HTML part, the
 * join link and, for confirmations and cancellations, an iCalendar attachment
 * ({@code text/calendar; method=REQUEST} or {@code method=CANCEL}, see {@link Invitations}). Times are
 * written in the event's time zone.
 */
final class BookingMails {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm (zzz)", Locale.ENGLISH);

  private final MailClient mail;
  private final String from;
  private final Clock clock;

  BookingMails(MailClient mail, String from, Clock clock) {
    this.mail = mail;
    this.from = from;
    this.clock = clock;
  }

  /** Confirms a booking to both people, with a METHOD:REQUEST invitation. */
  Future<Void> confirmed(Invitations.Booking booking, ZoneId zone) {
    String ics = Invitations.request(booking, clock.instant());
    return both(booking, "Booked: " + booking.title() + ", " + when(booking, zone),
        "Your booking is confirmed:", ics, "REQUEST", zone);
  }

  /** Tells both people a booking was cancelled, with a METHOD:CANCEL invitation. */
  Future<Void> cancelled(Invitations.Booking booking, ZoneId zone) {
    String ics = Invitations.cancel(booking, clock.instant());
    return both(booking, "Cancelled: " + booking.title() + ", " + when(booking, zone),
        "This booking has been cancelled:", ics, "CANCEL", zone);
  }

  /** Reminds both people that the call starts soon. */
  Future<Void> reminder(Invitations.Booking booking, ZoneId zone) {
    return both(booking, "Starting soon: " + booking.title() + ", " + when(booking, zone),
        "Your call starts soon:", null, null, zone);
  }

  private Future<Void> both(Invitations.Booking booking, String subject, String lead, String ics, String method, ZoneId zone) {
    List<String[]> people = List.of(
        new String[] {booking.ownerEmail(), booking.ownerName(), booking.bookerName()},
        new String[] {booking.bookerEmail(), booking.bookerName(), booking.ownerName()});
    return Future.all(people.stream()
            .filter(person -> person[0] != null)
            .map(person -> send(person[0], person[1], person[2], subject, lead, booking, ics, method, zone))
            .toList())
        .mapEmpty();
  }

  private Future<Void> send(String to, String name, String other, String subject, String lead,
                            Invitations.Booking booking, String ics, String method, ZoneId zone) {
    String when = when(booking, zone);
    String text = "Hello " + name + ",\n\n" + lead + "\n\n"
        + booking.title() + "\n" + when + "\nwith " + other + "\n\n"
        + "Join the call (it opens 10 minutes before the start):\n" + booking.joinUrl() + "\n";
    String html = "<p>Hello " + escape(name) + ",</p><p>" + escape(lead) + "</p>"
        + "<p><strong>" + escape(booking.title()) + "</strong><br>" + escape(when) + "<br>with " + escape(other) + "</p>"
        + "<p><a href=\"" + escape(booking.joinUrl()) + "\">Join the call</a> (it opens 10 minutes before the start)</p>";
    MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text).setHtml(html);
    if (ics != null) {
      message.setAttachment(List.of(MailAttachment.create()
          .setName("invite.ics")
          .setContentType("text/calendar; charset=UTF-8; method=" + method)
          .setData(Buffer.buffer(ics))));
    }
    return mail.sendMail(message).mapEmpty();
  }

  private static String when(Invitations.Booking booking, ZoneId zone) {
    return WHEN.format(booking.start().atZone(zone)) + " to " + UNTIL.format(booking.end().atZone(zone));
  }

  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
