package dev.parley.file.transfer;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.api.file.FileTransfer;
import dev.parley.file.store.BlobReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * The transfers of one file-service instance, on its one chunk address
 * ({@link Addresses#fileTransfer(String)}), following {@link FileTransfer}: uploads get {@code write},
 * {@code end} and {@code abort}; downloads {@code read} and {@code abort}. A transfer silent for
 * {@link FileTransfer#IDLE_TIMEOUT_MS} is aborted (an upload's bytes removed). Confined to the
 * verticle's event loop.
 */
public final class Transfers {

  private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

  private record Entry<T>(T transfer, long[] lastActivity) {
  }

  private final Vertx vertx;
  private final String address = Addresses.fileTransfer(UUID.randomUUID().toString());
  private final Map<String, Entry<Upload>> uploads = new HashMap<>();
  private final Map<String, Entry<BlobReader>> downloads = new HashMap<>();
  private final LongConsumer bytesOut;
  private MessageConsumer<Buffer> consumer;
  private long sweeper;

  /** @param bytesOut counts bytes sent to downloaders */
  public Transfers(Vertx vertx, LongConsumer bytesOut) {
    this.vertx = vertx;
    this.bytesOut = bytesOut;
  }

  /** Registers the consumer and the idle sweep. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address, this::handle);
    sweeper = vertx.setPeriodic(FileTransfer.IDLE_TIMEOUT_MS / 3, id -> sweep());
    return consumer.completion();
  }

  /** Unregisters and aborts every transfer. */
  public Future<Void> stop() {
    vertx.cancelTimer(sweeper);
    uploads.values().forEach(entry -> entry.transfer().abort());
    downloads.values().forEach(entry -> entry.transfer().close());
    uploads.clear();
    downloads.clear();
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** @return this instance's chunk address */
  public String address() {
    return address;
  }

  /** @return the id under which the upload's chunks arrive */
  public String add(Upload upload) {
    String id = UUID.randomUUID().toString();
    uploads.put(id, new Entry<>(upload, new long[] {System.currentTimeMillis()}));
    return id;
  }

  /** @return the id under which the download's reads arrive */
  public String add(BlobReader download) {
    String id = UUID.randomUUID().toString();
    downloads.put(id, new Entry<>(download, new long[] {System.currentTimeMillis()}));
    return id;
  }

  /** @return uploads in progress (metrics, tests) */
  public int uploadsInProgress() {
    return uploads.size();
  }

  private void handle(Message<Buffer> message) {
    String id = message.headers().get(FileTransfer.TRANSFER);
    String action = message.headers().get(FileTransfer.ACTION);
    Entry<Upload> upload = id == null ? null : uploads.get(id);
    Entry<BlobReader> download = id == null ? null : downloads.get(id);
    if (upload != null) {
      upload.lastActivity()[0] = System.currentTimeMillis();
      onUpload(id, upload.transfer(), action, message);
    } else if (download != null) {
      download.lastActivity()[0] = System.currentTimeMillis();
      onDownload(id, download.transfer(), action, message);
    } else {
      message.fail(ErrorCode.NOT_FOUND.failureCode(), "No such transfer (it ended or timed out).");
    }
  }

  private void onUpload(String id, Upload upload, String action, Message<Buffer> message) {
    switch (action == null ? "" : action) {
      case FileTransfer.WRITE -> {
        long seq = parseSeq(message.headers().get(FileTransfer.SEQ));
        Buffer body = message.body() == null ? Buffer.buffer() : message.body();
        upload.write(seq, body)
            .onSuccess(v -> message.reply(null))
            .onFailure(err -> {
              uploads.remove(id);
              fail(message, err);
            });
      }
      case FileTransfer.END -> {
        uploads.remove(id);
        upload.end().onSuccess(message::reply).onFailure(err -> fail(message, err));
      }
      case FileTransfer.ABORT -> {
        uploads.remove(id);
        upload.abort().onComplete(v -> message.reply(null));
      }
      default -> message.fail(ErrorCode.BAD_REQUEST.failureCode(), "Unknown upload action.");
    }
  }

  private void onDownload(String id, BlobReader reader, String action, Message<Buffer> message) {
    if (FileTransfer.ABORT.equals(action)) {
      downloads.remove(id);
      reader.close();
      message.reply(null);
      return;
    }
    if (!FileTransfer.READ.equals(action)) {
      message.fail(ErrorCode.BAD_REQUEST.failureCode(), "Unknown download action.");
      return;
    }
    reader.read().onSuccess(piece -> {
      if (piece.length() == 0) {
        downloads.remove(id);
        reader.close();
      }
      bytesOut.accept(piece.length());
      message.reply(piece);
    }).onFailure(err -> {
      downloads.remove(id);
      reader.close();
      fail(message, err);
    });
  }

  private void sweep() {
    long idleSince = System.currentTimeMillis() - FileTransfer.IDLE_TIMEOUT_MS;
    uploads.entrySet().removeIf(e -> {
      boolean idle = e.getValue().lastActivity()[0] < idleSince;
      if (idle) {
        e.getValue().transfer().abort();
      }
      return idle;
    });
    downloads.entrySet().removeIf(e -> {
      boolean idle = e.getValue().lastActivity()[0] < idleSince;
      if (idle) {
        e.getValue().transfer().close();
      }
      return idle;
    });
  }

  private static long parseSeq(String text) {
    try {
      return text == null ? -1 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void fail(Message<?> message, Throwable err) {
    if (err instanceof ServiceException se) {
      message.fail(se.failureCode(), se.getMessage());
    } else {
      LOG.warn("A file transfer failed in the store", err);
      message.fail(ErrorCode.UNAVAILABLE.failureCode(), "The file store failed; try again shortly.");
    }
  }
}
