package dev.parley.meeting.timeslot;

import dev.parley.api.Caller;
import dev.parley.api.auth.AuthService;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The mails of a booking, each to owner and booker alike, with a plain-text part, an HTML part, the
 * link to the slot on the event's calendar ({@code <publicUrl>/#/events/<eventId>?slot=<slotId>&at=<start>},
 * where "Join call" appears in the window; never in a cancellation, which invites nobody to join) and,
 * for confirmations and cancellations, an iCalendar
 * attachment ({@code text/calendar; method=REQUEST} or {@code method=CANCEL}, see {@link Invitations}).
 * Addresses come from {@link AuthService#profiles}; a person without one (an account that no longer
 * exists) is left out. Times are written in the event's time zone.
 */
final class BookingMails {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm (zzz)", Locale.ENGLISH);
  private static final Caller SERVICE = new Caller().setCorrelationId("scheduling-mail");

  private final MailClient mail;
  private final String from;
  private final AuthService auth;
  private final String publicUrl;
  private final Clock clock;

  /** @param publicUrl the public base URL without a trailing slash */
  BookingMails(MailClient mail, String from, AuthService auth, String publicUrl, Clock clock) {
    this.mail = mail;
    this.from = from;
    this.auth = auth;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** Confirms a booking to both people, with a METHOD:REQUEST invitation. */
  Future<Void> confirmed(JsonObject event, JsonObject booked) {
    return booking(event, booked).compose(booking -> both(booking, "Booked: ", "Your booking is confirmed:",
        Invitations.request(booking, clock.instant()), "REQUEST", zone(event)));
  }

  /** Tells both people a booking was cancelled, with a METHOD:CANCEL invitation. */
  Future<Void> cancelled(JsonObject event, JsonObject booked) {
    return booking(event, booked).compose(booking -> both(booking, "Cancelled: ", "This booking has been cancelled:",
        Invitations.cancel(booking, clock.instant()), "CANCEL", zone(event)));
  }

  /** Reminds both people that the call starts soon. */
  Future<Void> reminder(JsonObject event, JsonObject booked) {
    return booking(event, booked).compose(booking -> both(booking, "Starting soon: ", "Your call starts soon:",
        null, null, zone(event)));
  }

  /** @return the details of the booking, with both people's names and addresses from the auth service */
  private Future<Invitations.Booking> booking(JsonObject event, JsonObject booked) {
    String ownerId = booked.getString("ownerId");
    String bookerId = booked.getString("bookerId");
    return auth.profiles(List.of(ownerId, bookerId), SERVICE).map(found -> {
      Map<String, JsonObject> byId = found.getJsonArray("items").stream().map(JsonObject.class::cast)
          .collect(Collectors.toMap(p -> p.getString("id"), Function.identity()));
      JsonObject owner = byId.getOrDefault(ownerId, new JsonObject());
      JsonObject booker = byId.getOrDefault(bookerId, new JsonObject());
      return new Invitations.Booking(booked.getString("bookingId"), event.getString("title"),
          MongoDates.read(booked, "start"), MongoDates.read(booked, "end"),
          publicUrl + "/#/events/" + event.getString("_id") + "?slot=" + booked.getString("_id")
              + "&at=" + MongoDates.read(booked, "start"),
          owner.getString("displayName", event.getString("ownerName")), owner.getString("email"),
          booker.getString("displayName", booked.getString("bookerName")), booker.getString("email"));
    });
  }

  private Future<Void> both(Invitations.Booking booking, String subjectPrefix, String lead, String ics, String method,
                            ZoneId zone) {
    String subject = subjectPrefix + booking.title() + ", " + when(booking, zone);
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
    boolean cancelled = "CANCEL".equals(method);
    String text = "Hello " + name + ",\n\n" + lead + "\n\n"
        + booking.title() + "\n" + when + "\nwith " + other + "\n"
        + (cancelled ? "" : "\nJoin the call (it opens 10 minutes before the start):\n" + booking.joinUrl() + "\n");
    String html = "<p>Hello " + escape(name) + ",</p><p>" + escape(lead) + "</p>"
        + "<p><strong>" + escape(booking.title()) + "</strong><br>" + escape(when) + "<br>with " + escape(other) + "</p>"
        + (cancelled ? "" : "<p><a href=\"" + escape(booking.joinUrl()) + "\">Join the call</a> (it opens 10 minutes before the start)</p>");
    MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text).setHtml(html);
    if (ics != null) {
      message.setAttachment(List.of(MailAttachment.create()
          .setName("invite.ics")
          .setContentType("text/calendar; charset=UTF-8; method=" + method)
          .setData(Buffer.buffer(ics))));
    }
    return mail.sendMail(message).mapEmpty();
  }

  private static ZoneId zone(JsonObject event) {
    return ZoneId.of(event.getString("timeZone"));
  }

  private static String when(Invitations.Booking booking, ZoneId zone) {
    return WHEN.format(booking.start().atZone(zone)) + " to " + UNTIL.format(booking.end().atZone(zone));
  }

  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
