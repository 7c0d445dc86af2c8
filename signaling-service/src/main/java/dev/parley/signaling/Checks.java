package dev.parley.signaling;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.regex.Pattern;

/**
 * Argument rules shared by the service's operations. Ids become parts of Redis keys, so only
 * {@code [A-Za-z0-9_-]{1,64}} passes; gateway node and connection ids are stored inside JSON and only
 * bounded. Each method returns the valid value or throws {@link ErrorCode#BAD_REQUEST} naming the field
 * ({@link ErrorCode#UNAUTHORIZED} for a caller without a usable identity).
 */
final class Checks {

  private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private Checks() {
  }

  /** @return the id, when it is 1..64 characters of letters, digits, {@code _} and {@code -} */
  static String id(String field, Object value) {
    if (Ids.isId(value)) {
      return (String) value;
    }
    throw invalid(field, "'" + field + "' must be an id of 1 to 64 letters, digits, '_' or '-'.");
  }

  /** @return a gateway node or connection id: 1..128 letters, digits and {@code _ . : -} */
  static String route(String field, String value) {
    if (value != null && ROUTE.matcher(value).matches()) {
      return value;
    }
    throw invalid(field, "'" + field + "' must name a gateway node or connection.");
  }

  /** @return the participant id of the caller: their account id, or their guest id */
  static String participant(Caller caller) {
    if (caller != null && Ids.isId(caller.getUserId())) {
      return caller.getUserId();
    }
    throw ErrorCode.UNAUTHORIZED.exception("Sign in, or join the meeting by its link.");
  }

  /** @return the boolean argument, or {@code fallback} when it is absent or null */
  static boolean flag(JsonObject args, String field, boolean fallback) {
    Object value = args.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw invalid(field, "'" + field + "' must be true or false.");
  }

  static ServiceException invalid(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }
}
