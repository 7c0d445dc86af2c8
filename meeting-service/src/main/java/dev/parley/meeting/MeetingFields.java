package dev.parley.meeting;

import dev.parley.common.mongo.MongoDates;

import dev.parley.api.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fields a client may set on a meeting ({@code MeetingService.create} and {@code update}) and
 * their rules, turning client JSON into the values stored. Every value is type-checked here, so
 * nothing a client sends reaches a MongoDB document or filter unchecked (no operator injection), and
 * unknown fields are refused rather than ignored. Each failure is {@link ErrorCode#BAD_REQUEST} whose
 * {@link ErrorCode#FIELD} names the field, dotted for settings (e.g. {@code settings.participantLimit}).
 * The limits and defaults are those of the {@code MeetingService} contract.
 */
final class MeetingFields {

  static final String TITLE = "title";
  static final String DESCRIPTION = "description";
  static final String SCHEDULED_START = "scheduledStart";
  /** The name for {@link #SCHEDULED_START}: accepted and answered as an alias, stored once. */
  static final String STARTS_AT = "startsAt";
  static final String DURATION_MINUTES = "durationMinutes";
  static final String SETTINGS = "settings";
  static final String GUESTS_ALLOWED = "guestsAllowed";
  static final String LOBBY = "lobby";
  static final String PARTICIPANT_LIMIT = "participantLimit";

  static final int MAX_TITLE_LENGTH = 200;
  static final int MAX_DESCRIPTION_LENGTH = 2000;
  static final int MIN_PARTICIPANT_LIMIT = 2;
  static final int MAX_PARTICIPANT_LIMIT = 50;
  static final int DEFAULT_PARTICIPANT_LIMIT = 8;
  static final boolean DEFAULT_GUESTS_ALLOWED = true;
  static final boolean DEFAULT_LOBBY = false;
  static final int MAX_DURATION_MINUTES = 24 * 60;

  private static final Set<String> FIELDS = Set.of(TITLE, DESCRIPTION, SCHEDULED_START, STARTS_AT, DURATION_MINUTES,
      SETTINGS);
  private static final Set<String> SETTING_FIELDS = Set.of(GUESTS_ALLOWED, LOBBY, PARTICIPANT_LIMIT);
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  /** Descriptions may span lines and hold tabs; no other control characters. */
  private static final Pattern CONTROL_BUT_LINES = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  /** How much of an unknown field's name an error message repeats. */
  private static final int MAX_ECHOED_NAME = 64;

  private MeetingFields() {
  }

  /**
   * @param draft {@code {"title", "description"?, "scheduledStart"? (or its alias "startsAt"),
   *     "durationMinutes"? (1..1440), "settings"?}} as the client sent it
   * @return the stored fields of a new meeting: {@code title}, {@code description} ({@code ""} when
   *     absent), {@code scheduledStart} ({@code {$date}} or null), {@code durationMinutes} (or null) and
   *     {@code settings} with defaults
   * @throws ServiceException {@code BAD_REQUEST} naming the first field that breaks its rule
   */
  static JsonObject draft(JsonObject draft) {
    JsonObject given = draft == null ? new JsonObject() : draft;
    rejectUnknown(given, FIELDS, "");
    JsonObject settings = new JsonObject()
        .put(GUESTS_ALLOWED, DEFAULT_GUESTS_ALLOWED)
        .put(LOBBY, DEFAULT_LOBBY)
        .put(PARTICIPANT_LIMIT, DEFAULT_PARTICIPANT_LIMIT);
    JsonObject fields = new JsonObject()
        .put(TITLE, title(given.getValue(TITLE)))
        .put(DESCRIPTION, description(given.getValue(DESCRIPTION)))
        .put(SCHEDULED_START, start(given))
        .put(DURATION_MINUTES, durationMinutes(given.getValue(DURATION_MINUTES)));
    if (given.containsKey(SETTINGS)) {
      settings.mergeIn(settings(given.getValue(SETTINGS)));
    }
    return fields.put(SETTINGS, settings);
  }

  /**
   * @param changes any of the draft's fields; {@code settings} may name only the settings to change
   * @return the {@code $set} document of the changes (settings as dotted paths); empty when nothing
   *     is to change
   * @throws ServiceException {@code BAD_REQUEST} naming the first field that breaks its rule
   */
  static JsonObject changes(JsonObject changes) {
    JsonObject given = changes == null ? new JsonObject() : changes;
    rejectUnknown(given, FIELDS, "");
    JsonObject set = new JsonObject();
    if (given.containsKey(TITLE)) {
      set.put(TITLE, title(given.getValue(TITLE)));
    }
    if (given.containsKey(DESCRIPTION)) {
      set.put(DESCRIPTION, description(given.getValue(DESCRIPTION)));
    }
    if (given.containsKey(SCHEDULED_START) || given.containsKey(STARTS_AT)) {
      set.put(SCHEDULED_START, start(given));
    }
    if (given.containsKey(DURATION_MINUTES)) {
      set.put(DURATION_MINUTES, durationMinutes(given.getValue(DURATION_MINUTES)));
    }
    if (given.containsKey(SETTINGS)) {
      settings(given.getValue(SETTINGS)).forEach(setting -> set.put(SETTINGS + "." + setting.getKey(), setting.getValue()));
    }
    return set;
  }

  private static String title(Object value) {
    String title = value instanceof String text ? text.strip() : "";
    int length = title.codePointCount(0, title.length());
    if (length == 0 || length > MAX_TITLE_LENGTH) {
      throw invalid(TITLE, "Enter a title of 1 to " + MAX_TITLE_LENGTH + " characters.");
    }
    if (CONTROL.matcher(title).find()) {
      throw invalid(TITLE, "The title must be one line of text without control characters.");
    }
    return title;
  }

  private static String description(Object value) {
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw invalid(DESCRIPTION, "The description must be text.");
    }
    String description = text.strip();
    if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
      throw invalid(DESCRIPTION, "Keep the description to " + MAX_DESCRIPTION_LENGTH + " characters.");
    }
    if (CONTROL_BUT_LINES.matcher(description).find()) {
      throw invalid(DESCRIPTION, "The description cannot contain control characters.");
    }
    return description;
  }

  /** @return the start given as {@code scheduledStart} or {@code startsAt}; both given must agree */
  private static JsonObject start(JsonObject given) {
    JsonObject start = scheduledStart(given.getValue(SCHEDULED_START), SCHEDULED_START);
    if (given.containsKey(STARTS_AT)) {
      JsonObject alias = scheduledStart(given.getValue(STARTS_AT), STARTS_AT);
      if (given.containsKey(SCHEDULED_START) && !java.util.Objects.equals(start, alias)) {
        throw invalid(STARTS_AT, "startsAt and scheduledStart name the same time: give one of them.");
      }
      return alias;
    }
    return start;
  }

  /** @return minutes from 1 to {@value #MAX_DURATION_MINUTES}, or null (unknown length) */
  private static Integer durationMinutes(Object value) {
    if (value == null) {
      return null;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1
        && ((Number) value).longValue() <= MAX_DURATION_MINUTES) {
      return ((Number) value).intValue();
    }
    throw invalid(DURATION_MINUTES, "durationMinutes must be a whole number from 1 to " + MAX_DURATION_MINUTES + ", or null.");
  }

  /** @return a {@code {$date}} or {@code null} for an unscheduled meeting */
  private static JsonObject scheduledStart(Object value, String field) {
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof String text) {
        // MongoDB keeps milliseconds; dropping the rest here makes what is answered what is stored.
        Instant start = OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
            .truncatedTo(ChronoUnit.MILLIS);
        if (!start.isBefore(EARLIEST) && !start.isAfter(LATEST)) {
          return MongoDates.of(start);
        }
      }
    } catch (DateTimeParseException e) {
      // answered below, the same way as a value of the wrong type
    }
    throw invalid(field,
        field + " must be an ISO-8601 date and time with an offset, e.g. 2030-05-01T09:30:00+02:00, or null.");
  }

  /** @return the settings given, each checked; only those present */
  private static JsonObject settings(Object value) {
    if (!(value instanceof JsonObject given)) {
      throw invalid(SETTINGS, "settings must be an object of guestsAllowed, lobby and participantLimit.");
    }
    rejectUnknown(given, SETTING_FIELDS, SETTINGS + ".");
    JsonObject settings = new JsonObject();
    if (given.containsKey(GUESTS_ALLOWED)) {
      settings.put(GUESTS_ALLOWED, bool(given.getValue(GUESTS_ALLOWED), GUESTS_ALLOWED));
    }
    if (given.containsKey(LOBBY)) {
      settings.put(LOBBY, bool(given.getValue(LOBBY), LOBBY));
    }
    if (given.containsKey(PARTICIPANT_LIMIT)) {
      settings.put(PARTICIPANT_LIMIT, participantLimit(given.getValue(PARTICIPANT_LIMIT)));
    }
    return settings;
  }

  private static boolean bool(Object value, String setting) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw invalid(SETTINGS + "." + setting, "settings." + setting + " must be true or false.");
  }

  private static int participantLimit(Object value) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= MIN_PARTICIPANT_LIMIT
        && ((Number) value).longValue() <= MAX_PARTICIPANT_LIMIT) {
      return ((Number) value).intValue();
    }
    throw invalid(SETTINGS + "." + PARTICIPANT_LIMIT, "settings.participantLimit must be a whole number from "
        + MIN_PARTICIPANT_LIMIT + " to " + MAX_PARTICIPANT_LIMIT + ".");
  }

  private static void rejectUnknown(JsonObject given, Set<String> known, String prefix) {
    for (String name : given.fieldNames()) {
      if (!known.contains(name)) {
        String shown = prefix + (name.length() > MAX_ECHOED_NAME ? name.substring(0, MAX_ECHOED_NAME) + "…" : name);
        throw invalid(shown, "Unknown field " + shown + ": a meeting has only title, description, scheduledStart (or startsAt), "
            + "durationMinutes and settings (guestsAllowed, lobby, participantLimit).");
      }
    }
  }

  private static ServiceException invalid(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }
}
