package dev.parley.meeting.invitation;

import dev.parley.api.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked {@code POST /meetings/{id}/invitations} body: 1 to {@value #MAX_ADDRESSES} addresses, each a
 * "valid e-mail address" of the WHATWG HTML standard (§4.10.5.1.5, what browsers' {@code type=email}
 * accepts) with a dot in the domain and at most 254 characters (RFC 5321), compared trimmed and
 * lower-cased, duplicates counted once; and an optional message of at most {@value #MAX_MESSAGE} characters
 * without control characters other than line breaks and tabs. The address rule also keeps every address
 * free of anything that could add a recipient or a header to a mail (no commas, angle brackets, spaces or
 * line breaks).
 *
 * @param emails the distinct addresses, normalised, in the order given
 * @param message the message, trimmed, or null
 */
record InvitationRequest(List<String> emails, String message) {

  static final int MAX_ADDRESSES = 50;
  static final int MAX_MESSAGE = 1000;
  private static final int MAX_EMAIL_LENGTH = 254;
  private static final Pattern EMAIL = Pattern.compile(
      "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");
  private static final Pattern CONTROL_BUT_LINES = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
  private static final Set<String> FIELDS = Set.of("emails", "message");

  /**
   * @return the checked request
   * @throws ServiceException {@code BAD_REQUEST} naming the field ({@code emails}, {@code emails[i]},
   *     {@code message} or an unknown one)
   */
  static InvitationRequest parse(JsonObject body) {
    JsonObject given = body == null ? new JsonObject() : body;
    for (String name : given.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw invalid(name.length() > 64 ? name.substring(0, 64) : name, "An invitation has only emails and message.");
      }
    }
    if (!(given.getValue("emails") instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_ADDRESSES) {
      throw invalid("emails", "Give 1 to " + MAX_ADDRESSES + " email addresses.");
    }
    Set<String> emails = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String email = list.getValue(i) instanceof String text ? text.strip().toLowerCase(Locale.ROOT) : null;
      if (email == null || email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
        Object value = list.getValue(i);
        String shown = value instanceof String text ? "\"" + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\""
            : "emails[" + i + "]";
        throw invalid("emails[" + i + "]", shown + " is not a valid email address.");
      }
      emails.add(email);
    }
    return new InvitationRequest(List.copyOf(emails), message(given.getValue("message")));
  }

  private static String message(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw invalid("message", "The message must be text.");
    }
    String message = text.strip();
    if (message.codePointCount(0, message.length()) > MAX_MESSAGE) {
      throw invalid("message", "Keep the message to " + MAX_MESSAGE + " characters.");
    }
    if (CONTROL_BUT_LINES.matcher(message).find()) {
      throw invalid("message", "The message cannot contain control characters.");
    }
    return message.isEmpty() ? null : message;
  }

  private static ServiceException invalid(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }
}
