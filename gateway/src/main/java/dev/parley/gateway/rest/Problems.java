package dev.parley.gateway.rest;

import dev.parley.api.ErrorCode;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into HTTP answers: RFC 9457 problem details
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code code} and, when one request field is at fault, {@code field}.
 *
 * <p>{@link ServiceException}s map by their {@link ErrorCode}; event-bus timeouts and missing
 * handlers become 503; OpenAPI validation failures and malformed JSON become 400; other HTTP
 * failures keep their status (including the router's and the HTTP server's own early refusals: bad
 * percent-escapes 400, 413, 414, 431, and 503 when a request was not answered in time). Anything unexpected is logged with its correlation id and answered
 * with a generic 500: stack traces never reach clients.
 */
public final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {
  }

  /** @return the HTTP status for an error code */
  public static int status(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST, WEAK_PASSWORD -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case PAYLOAD_TOO_LARGE -> 413;
      case TOO_MANY_REQUESTS -> 429;
      case UNAVAILABLE -> 503;
      case INTERNAL -> 500;
    };
  }

  /** The router's failure handler: answers with a problem for {@code rc.failure()} / {@code rc.statusCode()}. */
  public static void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.request().connection().close();
      return;
    }
    Throwable failure = rc.failure();
    JsonObject problem = toProblem(failure, rc.statusCode());
    int status = problem.getInteger("status");
    if (status >= 500) {
      LOG.error("{} {} failed (correlation {})", rc.request().method(), rc.request().path(),
          RequestContext.correlationId(rc), failure);
    }
    if (status == 401) {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"parley\"");
    }
    Long retryAfter = problem.getLong("retryAfter");
    if (retryAfter != null) {
      rc.response().putHeader("Retry-After", String.valueOf(retryAfter));
    }
    rc.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(problem.encode());
  }

  /**
   * The HTTP server's handler for requests its decoder refused before any route saw them (Vert.x's
   * default answers with an empty body): a request line longer than the server's limit gets 414, headers
   * over the limit 431 (RFC 6585 §5), any other malformed request 400; each as a problem, and the
   * connection is closed because the rest of its bytes cannot be trusted to frame a next request.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    request.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).putHeader("connection", "close")
        .end(toProblem(null, status).encode()).onComplete(done -> request.connection().close());
  }

  /** @return the problem body for a failure, given the status the router recorded (-1 when none) */
  static JsonObject toProblem(Throwable failure, int routerStatus) {
    // Vert.x Web wraps validation failures in an HttpException(400, cause): judge by the cause.
    if (failure instanceof HttpException he && he.getCause() != null) {
      return toProblem(he.getCause(), he.getStatusCode());
    }
    if (failure instanceof ServiceException se) {
      ErrorCode code = ErrorCode.of(se.failureCode());
      JsonObject problem = problem(code, code == ErrorCode.INTERNAL ? "Something went wrong on our side." : se.getMessage());
      JsonObject details = se.getDebugInfo();
      if (details != null && code != ErrorCode.INTERNAL) {
        copy(details, problem, ErrorCode.FIELD);
        copy(details, problem, ErrorCode.RETRY_AFTER);
      }
      return problem;
    }
    if (ErrorCode.isUnanswered(failure)) {
      return problem(ErrorCode.UNAVAILABLE, "A Parley service is not answering right now. Try again shortly.");
    }
    if (failure instanceof SchemaValidationException sve) {
      return schemaProblem(sve);
    }
    if (failure instanceof ValidatorException ve) {
      return problem(ErrorCode.BAD_REQUEST, "The request is not valid: " + ve.getMessage());
    }
    if (failure instanceof DecodeException || failure != null && failure.getCause() instanceof DecodeException) {
      return problem(ErrorCode.BAD_REQUEST, "The request body is not valid JSON.");
    }
    int status = failure instanceof HttpException he ? he.getStatusCode() : routerStatus;
    return switch (status) {
      case 400 -> problem(ErrorCode.BAD_REQUEST, "The request is not valid.");
      case 401 -> problem(ErrorCode.UNAUTHORIZED, "The access token is missing, invalid or expired.");
      case 403 -> problem(ErrorCode.FORBIDDEN, "You are not allowed to do this.");
      case 404 -> problem(ErrorCode.NOT_FOUND, "There is nothing at this address.");
      case 405 -> generic(405, "method_not_allowed", "Method Not Allowed", "This address does not accept that method.");
      case 413 -> problem(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.");
      case 414 -> generic(414, "uri_too_long", "URI Too Long", "The request's address is too long; send long values in a body.");
      case 431 -> generic(431, "headers_too_large", "Request Header Fields Too Large", "The request's headers are too large.");
      case 503 -> problem(ErrorCode.UNAVAILABLE, "Parley did not answer in time. Try again shortly.");
      case 415 -> generic(415, "unsupported_media_type", "Unsupported Media Type", "Send the body as application/json.");
      default -> status >= 400 && status < 500
          ? generic(status, "bad_request", "Bad Request", "The request is not valid.")
          : problem(ErrorCode.INTERNAL, "Something went wrong on our side.");
    };
  }

  private static JsonObject schemaProblem(SchemaValidationException sve) {
    OutputUnit unit = sve.getOutputUnit();
    OutputUnit leaf = unit;
    while (leaf != null && leaf.getErrors() != null && !leaf.getErrors().isEmpty()) {
      leaf = leaf.getErrors().get(0);
    }
    String location = leaf == null || leaf.getInstanceLocation() == null ? "" : leaf.getInstanceLocation();
    // Body errors locate a field by JSON pointer ("/password"); parameter errors locate the value itself ("#").
    String field = location.replaceFirst("^#", "").replaceFirst("^/", "").split("/")[0];
    String why = leaf == null || leaf.getError() == null ? sve.getMessage() : leaf.getError();
    JsonObject problem = problem(ErrorCode.BAD_REQUEST,
        field.isEmpty() ? "The request is not valid: " + sve.getMessage() : "The field '" + field + "' is not valid: " + why);
    if (!field.isEmpty()) {
      problem.put(ErrorCode.FIELD, field);
    }
    return problem;
  }

  private static void copy(JsonObject from, JsonObject to, String key) {
    if (from.containsKey(key)) {
      to.put(key, from.getValue(key));
    }
  }

  /** @return a problem body for an error code */
  public static JsonObject problem(ErrorCode code, String detail) {
    int status = status(code);
    return generic(status, code.code(), io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase(), detail);
  }

  private static JsonObject generic(int status, String code, String title, String detail) {
    return new JsonObject()
        .put("type", "urn:parley:problem:" + code)
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("code", code);
  }
}
