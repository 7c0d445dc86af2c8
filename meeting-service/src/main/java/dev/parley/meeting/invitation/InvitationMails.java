package dev.parley.meeting.invitation;

import dev.parley.meeting.calendar.CalendarInvites;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The mails of an invitation, each with a plain-text and an HTML part (every value HTML-escaped):
 * the invitation itself (the meeting's title, the host's name, the host's message, the join link and,
 * for an address without an account, a sign-up link), an update when the meeting's time or title
 * changes, and a cancellation (without a join link) when it is deleted or ended before it started.
 * A scheduled meeting's mails carry an iCalendar part built by {@link CalendarInvites}: UID
 * {@code meeting-<id>@parley}, REQUEST for invitations and updates, CANCEL for cancellations, with the
 * meeting's calendar SEQUENCE. Times are written in UTC; a meeting without a duration lasts an hour in
 * calendars ({@value #DEFAULT_MINUTES} minutes).
 */
final class InvitationMails {

  static final int DEFAULT_MINUTES = 60;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** The host as the mails name them. */
  record Host(String name, String email) {
  }

  private final String publicUrl;
  private final Clock clock;

  /** @param publicUrl without a trailing slash; sign-up links are {@code <publicUrl>/#/signup?email=…&next=…} */
  InvitationMails(String publicUrl, Clock clock) {
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /**
   * @param meeting the meeting JSON of {@code MeetingService}
   * @param hasAccount whether the address belongs to an account (otherwise the mail offers a sign-up link)
   * @param sequence the meeting's calendar SEQUENCE
   */
  MailQueue.Mail invite(JsonObject meeting, Host host, JsonObject invitation, boolean hasAccount, int sequence) {
    String title = meeting.getString("title");
    String joinUrl = meeting.getString("joinUrl");
    String when = when(meeting);
    String message = invitation.getString("message");
    StringBuilder text = new StringBuilder("Hello,\n\n").append(host.name()).append(" invited you to the meeting \"")
        .append(title).append("\" on Parley.\n");
    StringBuilder html = new StringBuilder("<p>Hello,</p><p>").append(escape(host.name()))
        .append(" invited you to the meeting <strong>").append(escape(title)).append("</strong> on Parley.</p>");
    if (when != null) {
      text.append("When: ").append(when).append('\n');
      html.append("<p>When: ").append(escape(when)).append("</p>");
    }
    if (message != null) {
      text.append('\n').append(host.name()).append(" wrote:\n").append(message).append('\n');
      html.append("<p>").append(escape(host.name())).append(" wrote:</p><blockquote>")
          .append(escape(message).replace("\n", "<br>")).append("</blockquote>");
    }
    text.append("\nJoin the meeting: ").append(joinUrl).append('\n');
    html.append("<p><a href=\"").append(escape(joinUrl)).append("\">Join the meeting</a></p>");
    if (!hasAccount) {
      String signup = signupUrl(invitation.getString("email"), meeting.getString("joinCode"));
      text.append("\nCreate a Parley account with this address to find the meeting in your list: ").append(signup).append('\n');
      html.append("<p><a href=\"").append(escape(signup)).append("\">Create a Parley account</a> with this address to find ")
          .append("the meeting in your list.</p>");
    }
    String ics = when == null ? null : CalendarInvites.request(entry(meeting, host, invitation, sequence, joinUrl), clock.instant());
    return new MailQueue.Mail(invitation.getString("_id"), meeting.getString("id"), MailQueue.INVITE,
        invitation.getString("email"), host.name() + " invited you: " + title, text.toString(), html.toString(),
        ics, ics == null ? null : "REQUEST");
  }

  /** The meeting's time or title changed: a REQUEST with the new details and the given (higher) sequence. */
  MailQueue.Mail update(JsonObject meeting, Host host, JsonObject invitation, int sequence) {
    String title = meeting.getString("title");
    String joinUrl = meeting.getString("joinUrl");
    String when = when(meeting);
    String text = "Hello,\n\n" + host.name() + " changed the meeting \"" + title + "\".\nWhen: " + when
        + "\n\nJoin the meeting: " + joinUrl + "\n";
    String html = "<p>Hello,</p><p>" + escape(host.name()) + " changed the meeting <strong>" + escape(title)
        + "</strong>.</p><p>When: " + escape(when) + "</p><p><a href=\"" + escape(joinUrl) + "\">Join the meeting</a></p>";
    String ics = CalendarInvites.request(entry(meeting, host, invitation, sequence, joinUrl), clock.instant());
    return new MailQueue.Mail(invitation.getString("_id"), meeting.getString("id"), MailQueue.UPDATE, invitation.getString("email"),
        "Updated: " + title + ", " + when, text, html, ics, "REQUEST");
  }

  /** The meeting was deleted or ended before it started: a CANCEL, and no join link. */
  MailQueue.Mail cancel(JsonObject meeting, Host host, JsonObject invitation, int sequence) {
    String title = meeting.getString("title");
    String when = when(meeting);
    String text = "Hello,\n\n" + host.name() + " cancelled the meeting \"" + title + "\""
        + (when == null ? "" : " of " + when) + ".\n";
    String html = "<p>Hello,</p><p>" + escape(host.name()) + " cancelled the meeting <strong>" + escape(title)
        + "</strong>" + (when == null ? "" : " of " + escape(when)) + ".</p>";
    String ics = when == null ? null : CalendarInvites.cancel(entry(meeting, host, invitation, sequence, null), clock.instant());
    return new MailQueue.Mail(invitation.getString("_id"), meeting.getString("id"), MailQueue.CANCEL, invitation.getString("email"),
        "Cancelled: " + title, text, html, ics, ics == null ? null : "CANCEL");
  }

  /** @return the UID of a meeting's calendar entry */
  static String uid(String meetingId) {
    return "meeting-" + meetingId + "@parley";
  }

  /** @return the start of a scheduled meeting, or null */
  static Instant start(JsonObject meeting) {
    String start = meeting.getString("startsAt");
    return start == null ? null : Instant.parse(start);
  }

  private CalendarInvites.Entry entry(JsonObject meeting, Host host, JsonObject invitation, int sequence, String joinUrl) {
    Instant start = start(meeting);
    Integer minutes = meeting.getInteger("durationMinutes");
    Instant end = start.plus(Duration.ofMinutes(minutes == null ? DEFAULT_MINUTES : minutes));
    String description = joinUrl == null ? null : "Join the meeting: " + joinUrl;
    return new CalendarInvites.Entry(uid(meeting.getString("id")), sequence, meeting.getString("title"), start, end,
        description, joinUrl, new CalendarInvites.Person(host.name(), host.email()),
        List.of(new CalendarInvites.Person(null, invitation.getString("email"))), false);
  }

  private static String when(JsonObject meeting) {
    Instant start = start(meeting);
    if (start == null) {
      return null;
    }
    Integer minutes = meeting.getInteger("durationMinutes");
    return WHEN.format(start) + (minutes == null ? "" : " (" + minutes + " minutes)");
  }

  private String signupUrl(String email, String joinCode) {
    return publicUrl + "/#/signup?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
        + "&next=" + URLEncoder.encode("#/join/" + joinCode, StandardCharsets.UTF_8);
  }

  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
