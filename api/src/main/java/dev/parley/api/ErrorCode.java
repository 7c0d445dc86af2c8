package dev.parley.api;

import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Failure codes that cross the event bus inside a {@link ServiceException}, defined once (DESIGN §3).
 * Each has a stable numeric {@link #failureCode()} for the bus and a stable snake-case
 * {@link #code()} that clients see in problem+json bodies and WebSocket error replies. The gateway
 * maps each to an HTTP status in one place.
 */
public enum ErrorCode {
  /** The request is malformed or breaks a rule; the message names the rule. */
  BAD_REQUEST(4000, "bad_request"),
  /** A password that breaks the password policy. */
  WEAK_PASSWORD(4001, "weak_password"),
  /** Missing, expired or invalid credentials or token. */
  UNAUTHORIZED(4010, "unauthorized"),
  /** Authenticated, but not allowed to do this. */
  FORBIDDEN(4030, "forbidden"),
  /** No such resource, or not visible to the caller. */
  NOT_FOUND(4040, "not_found"),
  /** The request conflicts with current state (e.g. the email is taken, the slot is booked). */
  CONFLICT(4090, "conflict"),
  /** The request was too large. */
  PAYLOAD_TOO_LARGE(4130, "payload_too_large"),
  /** Rate limited; {@link #RETRY_AFTER} in the debug info gives seconds to wait. */
  TOO_MANY_REQUESTS(4290, "too_many_requests"),
  /** A dependency (store, service) is unreachable. */
  UNAVAILABLE(5030, "unavailable"),
  /** An unexpected failure; details are logged, never sent to clients. */
  INTERNAL(5000, "internal");

  /** Key in {@link ServiceException#getDebugInfo()} carrying a retry delay in whole seconds. */
  public static final String RETRY_AFTER = "retryAfter";

  /** Key in {@link ServiceException#getDebugInfo()} naming the request field an error concerns. */
  public static final String FIELD = "field";

  private static final Map<Integer, ErrorCode> BY_FAILURE_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(ErrorCode::failureCode, Function.identity()));

  private final int failureCode;
  private final String code;

  ErrorCode(int failureCode, String code) {
    this.failureCode = failureCode;
    this.code = code;
  }

  /** @return the numeric code carried by {@link ServiceException#failureCode()} */
  public int failureCode() {
    return failureCode;
  }

  /** @return the snake-case code clients see */
  public String code() {
    return code;
  }

  /**
   * @param message a sentence a person can act on; it reaches the client
   * @return a {@link ServiceException} carrying this code and message
   */
  public ServiceException exception(String message) {
    return new ServiceException(failureCode, message);
  }

  /**
   * @param message a sentence a person can act on; it reaches the client
   * @param details extra machine-readable fields for the client, e.g. {@link #RETRY_AFTER} or
   *     {@link #FIELD}
   * @return a {@link ServiceException} carrying this code, message and details
   */
  public ServiceException exception(String message, JsonObject details) {
    return new ServiceException(failureCode, message, details);
  }

  /**
   * @return whether the failure is a request nobody answered: an event-bus {@code TIMEOUT} or
   *     {@code NO_HANDLERS} reply failure, not a service's refusal. Gateways answer it as
   *     {@link #UNAVAILABLE} (REST and WebSocket alike); it is always safe for the client to retry.
   */
  public static boolean isUnanswered(Throwable failure) {
    return failure instanceof io.vertx.core.eventbus.ReplyException re && !(failure instanceof ServiceException)
        && (re.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT
            || re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS);
  }

  /**
   * @param failureCode a {@link ServiceException#failureCode()}
   * @return the matching code, or {@link #INTERNAL} for codes Parley did not define (including the
   *     negative codes Vert.x uses for timeouts and missing handlers)
   */
  public static ErrorCode of(int failureCode) {
    return BY_FAILURE_CODE.getOrDefault(failureCode, INTERNAL);
  }
}
