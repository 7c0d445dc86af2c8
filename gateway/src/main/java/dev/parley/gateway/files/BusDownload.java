package dev.parley.gateway.files;

import dev.parley.api.file.FileTransfer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Streams a download from the file service to an HTTP response: one {@link FileTransfer#READ} at a
 * time, the next only once the response's write queue has room, so a slow client slows the read
 * instead of filling memory. A client that goes away ends the transfer ({@link FileTransfer#ABORT}).
 * Runs on one event loop.
 */
final class BusDownload {

  private final EventBus bus;
  private final String address;
  private final String downloadId;
  private final HttpServerResponse response;
  private final Promise<Void> done = Promise.promise();

  /** @param open the answer of {@code FileService.beginDownload} (a satisfiable one) */
  BusDownload(EventBus bus, JsonObject open, HttpServerResponse response) {
    this.bus = bus;
    this.address = open.getString("address");
    this.downloadId = open.getString("downloadId");
    this.response = response;
  }

  /** @return completes when the response has ended, fails when the transfer broke (the connection is then closed) */
  Future<Void> pipe() {
    response.closeHandler(v -> {
      if (done.tryFail("The client went away.")) {
        bus.request(address, null, options(FileTransfer.ABORT));
      }
    });
    next();
    return done.future();
  }

  private void next() {
    bus.<Buffer>request(address, null, options(FileTransfer.READ)).map(Message::body).onSuccess(piece -> {
      if (done.future().isComplete()) {
        return;
      }
      if (piece.length() == 0) {
        response.end().onComplete(done);
        return;
      }
      response.write(piece);
      if (response.writeQueueFull()) {
        response.drainHandler(v -> next());
      } else {
        next();
      }
    }).onFailure(err -> {
      if (done.tryFail(err)) {
        response.reset();
      }
    });
  }

  private DeliveryOptions options(String action) {
    return new DeliveryOptions().setSendTimeout(FileTransfer.MESSAGE_TIMEOUT_MS)
        .addHeader(FileTransfer.TRANSFER, downloadId).addHeader(FileTransfer.ACTION, action);
  }
}
