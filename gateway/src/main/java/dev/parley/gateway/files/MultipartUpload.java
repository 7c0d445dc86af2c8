package dev.parley.gateway.files;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.file.FileService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One {@code multipart/form-data} upload: exactly one file part, streamed as it is decoded (its name
 * is the part's file name; other form fields are ignored). A second file part, or none, is refused
 * with 400 and whatever was sent of the first is dropped. The answer goes out once both the file's
 * transfer and the request have ended.
 */
final class MultipartUpload {

  private final FileService files;
  private final EventBus bus;
  private final RoutingContext rc;
  private final String space;
  private final Caller caller;
  private final Promise<Void> requestEnded = Promise.promise();
  private BusUpload transfer;
  private Future<JsonObject> stored;
  private int parts;
  private boolean failed;

  MultipartUpload(FileService files, EventBus bus, RoutingContext rc, String space, Caller caller) {
    this.files = files;
    this.bus = bus;
    this.rc = rc;
    this.space = space;
    this.caller = caller;
  }

  void start() {
    HttpServerRequest request = rc.request();
    request.setExpectMultipart(true);
    request.uploadHandler(this::onPart);
    request.exceptionHandler(err -> {
      // A form the decoder refuses (or a broken connection): answer if anyone is left, drop what was sent.
      fail(ErrorCode.BAD_REQUEST.exception("The form could not be read."));
      if (transfer != null) {
        transfer.abort(err);
      }
    });
    request.endHandler(v -> requestEnded.tryComplete());
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      rc.response().writeContinue();
    }
    request.resume();
    requestEnded.future().onSuccess(v -> {
      if (failed) {
        return;
      }
      if (stored == null) {
        fail(ErrorCode.BAD_REQUEST.exception("The form holds no file part.", new JsonObject().put(ErrorCode.FIELD, "file")));
        return;
      }
      stored.onSuccess(file -> FileRoutes.created(rc, file)).onFailure(this::fail);
    });
  }

  private void onPart(HttpServerFileUpload part) {
    if (failed) {
      return;
    }
    if (++parts > 1) {
      fail(ErrorCode.BAD_REQUEST.exception("Send one file per request.", new JsonObject().put(ErrorCode.FIELD, "file")));
      if (transfer != null) {
        transfer.abort(new IllegalStateException("A second file part"));
      }
      return;
    }
    part.pause();
    Promise<JsonObject> result = Promise.promise();
    stored = result.future();
    stored.onFailure(this::fail);
    files.beginUpload(new JsonObject().put("space", space).put("name", part.filename()), caller)
        .onSuccess(open -> {
          transfer = new BusUpload(bus, open);
          if (failed) {
            transfer.abort(new IllegalStateException("The request failed before the upload began."));
            return;
          }
          transfer.pipeFrom(part).onComplete(result);
        })
        .onFailure(result::tryFail);
  }

  /** Answers with the refusal at once (the first one only); the connection closes after it. */
  private void fail(Throwable err) {
    if (!failed) {
      failed = true;
      FileRoutes.fail(rc, err);
    }
  }
}
