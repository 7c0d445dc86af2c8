package dev.parley.file;

import dev.parley.api.Caller;
import dev.parley.api.file.FileService;
import dev.parley.api.file.FileTransfer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** A test client of the {@link FileTransfer} protocol, one chunk at a time, blocking the test thread. */
final class BusTransfers {

  private final Vertx vertx;
  private final FileService files;

  BusTransfers(Vertx vertx, FileService files) {
    this.vertx = vertx;
    this.files = files;
  }

  /** Uploads all of {@code data} and ends the transfer. */
  Future<JsonObject> upload(String space, String name, Buffer data, Long declaredSize, Caller caller) {
    return files.beginUpload(draft(space, name, declaredSize), caller).compose(open -> send(open, data, 0, 0)
        .compose(v -> vertx.eventBus().<JsonObject>request(open.getString("address"), null, headers(open, FileTransfer.END, -1)))
        .map(Message::body));
  }

  /** Uploads {@code data} and then abandons the transfer (as a gateway does when its client goes away). */
  Future<Void> uploadAndAbort(String space, String name, Buffer data, Caller caller) {
    return files.beginUpload(draft(space, name, null), caller).compose(open -> send(open, data, 0, 0)
        .compose(v -> vertx.eventBus().request(open.getString("address"), null, headers(open, FileTransfer.ABORT, -1)))
        .mapEmpty());
  }

  private Future<Void> send(JsonObject open, Buffer data, int offset, long seq) {
    if (offset >= data.length()) {
      return Future.succeededFuture();
    }
    int end = Math.min(data.length(), offset + open.getInteger("chunkBytes"));
    return vertx.eventBus().request(open.getString("address"), data.getBuffer(offset, end), headers(open, FileTransfer.WRITE, seq))
        .compose(ack -> send(open, data, end, seq + 1));
  }

  /** Downloads a file (or a range: {@code request} as for {@link FileService#beginDownload}). */
  Future<Buffer> download(String fileId, JsonObject request, Caller caller) {
    return files.beginDownload(fileId, request, caller).compose(open -> {
      if (!open.getBoolean("satisfiable")) {
        return Future.failedFuture(new IllegalStateException("unsatisfiable"));
      }
      return read(open.getString("address"), open.getString("downloadId"), Buffer.buffer());
    });
  }

  private Future<Buffer> read(String address, String id, Buffer into) {
    DeliveryOptions options = new DeliveryOptions().addHeader(FileTransfer.TRANSFER, id).addHeader(FileTransfer.ACTION, FileTransfer.READ);
    return vertx.eventBus().<Buffer>request(address, null, options).compose(piece -> piece.body().length() == 0
        ? Future.succeededFuture(into)
        : read(address, id, into.appendBuffer(piece.body())));
  }

  private static JsonObject draft(String space, String name, Long declaredSize) {
    return new JsonObject().put("space", space).put("name", name).put("declaredSize", declaredSize);
  }

  private static DeliveryOptions headers(JsonObject open, String action, long seq) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(30))
        .addHeader(FileTransfer.TRANSFER, open.getString("uploadId")).addHeader(FileTransfer.ACTION, action);
    return seq >= 0 ? options.addHeader(FileTransfer.SEQ, Long.toString(seq)) : options;
  }
}
