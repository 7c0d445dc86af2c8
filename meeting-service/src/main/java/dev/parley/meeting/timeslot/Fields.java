package dev.parley.meeting.timeslot;

import dev.parley.api.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Type-checked reading of client values for scheduling. Every method throws {@link ErrorCode#BAD_REQUEST}
 * whose {@link ErrorCode#FIELD} names the field, so nothing a client sends reaches a MongoDB document
 * or filter unchecked.
 */
final class Fields {

  static final int MAX_TITLE_LENGTH = 200;
  static final int MAX_DESCRIPTION_LENGTH = 2000;
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern CONTROL_BUT_LINES = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
  private static final Pattern LOCAL_TIME = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");
  private static final int MAX_ECHOED_NAME = 64;

  private Fields() {
  }

  static ServiceException invalid(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }

  static void rejectUnknown(JsonObject given, Set<String> allowed, String prefix) {
    for (String name : given.fieldNames()) {
      if (!allowed.contains(name)) {
        String shown = name.length() > MAX_ECHOED_NAME ? name.substring(0, MAX_ECHOED_NAME) + "…" : name;
        throw invalid(prefix + shown, "Unknown field '" + prefix + shown + "'.");
      }
    }
  }

  static String title(Object value) {
    String title = value instanceof String text ? text.strip() : "";
    int length = title.codePointCount(0, title.length());
    if (length == 0 || length > MAX_TITLE_LENGTH) {
      throw invalid("title", "Enter a title of 1 to " + MAX_TITLE_LENGTH + " characters.");
    }
    if (CONTROL.matcher(title).find()) {
      throw invalid("title", "The title must be one line of text without control characters.");
    }
    return title;
  }

  static String description(Object value) {
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw invalid("description", "The description must be text.");
    }
    String description = text.strip();
    if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
      throw invalid("description", "The description may hold at most " + MAX_DESCRIPTION_LENGTH + " characters.");
    }
    if (CONTROL_BUT_LINES.matcher(description).find()) {
      throw invalid("description", "The description must not contain control characters.");
    }
    return description;
  }

  /** @return an ISO date such as {@code 2030-03-28} */
  static LocalDate date(Object value, String field) {
    if (value instanceof String text && text.length() == 10) {
      try {
        LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        if (date.getYear() >= 1970 && date.getYear() < 9999) {
          return date;
        }
      } catch (DateTimeParseException e) {
        // answered below
      }
    }
    throw invalid(field, "'" + field + "' must be a date such as 2030-03-28.");
  }

  /** @return a local time {@code HH:mm} */
  static LocalTime localTime(Object value, String field) {
    if (value instanceof String text && LOCAL_TIME.matcher(text).matches()) {
      return LocalTime.parse(text);
    }
    throw invalid(field, "'" + field + "' must be a time of day such as 09:30.");
  }

  /** @return an IANA time zone such as {@code Europe/Berlin} */
  static ZoneId zone(Object value, String field) {
    if (value instanceof String text && text.length() <= 64 && text.contains("/") || "UTC".equals(value)) {
      try {
        return ZoneId.of((String) value);
      } catch (DateTimeException e) {
        // answered below
      }
    }
    throw invalid(field, "'" + field + "' must be an IANA time zone such as Europe/Berlin.");
  }

  /** @return the instant of an ISO-8601 date-time with an offset, e.g. {@code 2030-03-28T09:00:00+01:00} */
  static Instant instant(Object value, String field) {
    if (value instanceof String text && text.length() <= 64) {
      try {
        // MongoDB keeps milliseconds: dropping the rest here makes what is answered what is stored.
        Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
            .truncatedTo(ChronoUnit.MILLIS);
        if (!instant.isBefore(EARLIEST) && instant.isBefore(LATEST)) {
          return instant;
        }
      } catch (DateTimeParseException e) {
        // answered below
      }
    }
    throw invalid(field, "'" + field + "' must be an ISO-8601 date-time with an offset, such as 2030-03-28T09:00:00+01:00.");
  }

  static int integer(Object value, String field, int min, int max) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).intValue();
    }
    throw invalid(field, "'" + field + "' must be a whole number from " + min + " to " + max + ".");
  }
}
