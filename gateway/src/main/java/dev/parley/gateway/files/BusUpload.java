package dev.parley.gateway.files;

import dev.parley.api.file.FileTransfer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

/**
 * Streams an HTTP body (a raw body or one multipart file part) to the file service as
 * {@link FileTransfer} chunks: bytes gather into chunks of {@code chunkBytes}, each is sent with the
 * next sequence number, and the source is paused while {@code window} chunks await their
 * acknowledgement, so at most {@code window + 1} chunks of one upload are ever held in memory. The
 * first refusal stops the stream; a source that fails (the client went away) aborts the transfer so
 * the service keeps nothing. Runs on one event loop.
 */
final class BusUpload {

  private final EventBus bus;
  private final String address;
  private final String uploadId;
  private final int chunkBytes;
  private final int window;
  private final Promise<JsonObject> result = Promise.promise();
  private ReadStream<Buffer> source;
  private Buffer pending = Buffer.buffer();
  private long seq;
  private int inFlight;
  private boolean sourceEnded;
  private boolean finishing;

  /** @param open the answer of {@code FileService.beginUpload} */
  BusUpload(EventBus bus, JsonObject open) {
    this.bus = bus;
    this.address = open.getString("address");
    this.uploadId = open.getString("uploadId");
    this.chunkBytes = open.getInteger("chunkBytes");
    this.window = open.getInteger("window");
  }

  /**
   * Reads the source to its end (it should be paused on entry; it is resumed here).
   *
   * @return the stored file's JSON, or the service's refusal (a {@code ReplyException} carrying its code)
   */
  Future<JsonObject> pipeFrom(ReadStream<Buffer> source) {
    this.source = source;
    source.handler(this::onData);
    source.exceptionHandler(this::abort);
    source.endHandler(v -> {
      sourceEnded = true;
      if (pending.length() > 0) {
        sendChunk();
      }
      maybeFinish();
    });
    source.resume();
    return result.future();
  }

  /** Abandons the transfer: the service removes whatever was written. */
  void abort(Throwable cause) {
    if (result.tryFail(cause)) {
      bus.request(address, null, headers(FileTransfer.ABORT));
    }
  }

  private void onData(Buffer data) {
    if (result.future().isComplete()) {
      return;
    }
    pending.appendBuffer(data);
    while (pending.length() >= chunkBytes) {
      sendChunk();
    }
    if (inFlight >= window) {
      source.pause();
    }
  }

  private void sendChunk() {
    int size = Math.min(chunkBytes, pending.length());
    Buffer chunk = pending.getBuffer(0, size);
    pending = pending.getBuffer(size, pending.length());
    inFlight++;
    bus.request(address, chunk, headers(FileTransfer.WRITE).addHeader(FileTransfer.SEQ, Long.toString(seq++)))
        .onSuccess(ack -> {
          inFlight--;
          if (result.future().isComplete()) {
            return;
          }
          if (sourceEnded) {
            maybeFinish();
          } else if (inFlight < window) {
            source.resume();
          }
        })
        .onFailure(err -> {
          inFlight--;
          // The service ended the upload itself; there is nothing to abort.
          result.tryFail(err);
        });
  }

  private void maybeFinish() {
    if (inFlight > 0 || finishing || result.future().isComplete()) {
      return;
    }
    finishing = true;
    bus.<JsonObject>request(address, null, headers(FileTransfer.END).setSendTimeout(FileTransfer.END_TIMEOUT_MS))
        .map(Message::body)
        .onComplete(result);
  }

  private DeliveryOptions headers(String action) {
    return new DeliveryOptions().setSendTimeout(FileTransfer.MESSAGE_TIMEOUT_MS)
        .addHeader(FileTransfer.TRANSFER, uploadId).addHeader(FileTransfer.ACTION, action);
  }
}
