package dev.parley.file.transfer;

import dev.parley.api.ErrorCode;
import dev.parley.file.scan.ScanResult;
import dev.parley.file.scan.Scanner;
import dev.parley.file.store.BlobWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One upload in progress: chunks arrive in order, each is hashed (SHA-256, on a worker thread) and
 * handed to the store and the scanner before it is acknowledged, so a sender that waits for
 * acknowledgements never has more than its window in flight and nothing accumulates here beyond a
 * store's part buffer. The size is checked on every chunk against the limit, the remaining quota and
 * the declared length; the first failure aborts the writer, the scan and the metadata, so a refused or
 * broken upload leaves nothing behind. Confined to the file verticle's event loop.
 */
public final class Upload {

  /**
   * @param maxBytes the largest file
   * @param quotaBytes the space's quota
   * @param quotaRemaining bytes the space may still take
   * @param declaredSize the length the client announced, or {@code null}
   */
  public record Limits(long maxBytes, long quotaBytes, long quotaRemaining, Long declaredSize) {
  }

  /** What was received, for the service to record. */
  public record Received(long size, String sha256, byte[] prefix, ScanResult scan) {
  }

  /** What the service does with a finished or failed upload. */
  public interface Completion {
    /** Records a complete upload; answers the file's JSON. */
    Future<JsonObject> complete(Received received);

    /** Forgets an upload that failed (its metadata); the blob is already removed. */
    Future<Void> discard();
  }

  private final Vertx vertx;
  private final Limits limits;
  private final BlobWriter writer;
  private final Scanner.Session scan;
  private final Completion completion;
  private final int prefixBytes;
  private final MessageDigest digest;
  private Buffer prefix = Buffer.buffer();
  private Future<Void> tail = Future.succeededFuture();
  private long expectedSeq;
  private long received;
  private Throwable failure;
  private boolean ended;

  public Upload(Vertx vertx, Limits limits, BlobWriter writer, Scanner.Session scan, Completion completion, int prefixBytes) {
    this.vertx = vertx;
    this.limits = limits;
    this.writer = writer;
    this.scan = scan;
    this.completion = completion;
    this.prefixBytes = prefixBytes;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return completes when the chunk is stored (the acknowledgement), fails when the upload is refused */
  public Future<Void> write(long seq, Buffer chunk) {
    if (failure != null || ended) {
      return Future.failedFuture(failure != null ? failure : broken("The upload has already ended."));
    }
    if (seq != expectedSeq++) {
      return fail(broken("Chunk " + seq + " arrived where " + (expectedSeq - 1) + " was expected."));
    }
    received += chunk.length();
    if (received > limits.maxBytes()) {
      return fail(ErrorCode.PAYLOAD_TOO_LARGE.exception("Files can be at most " + limits.maxBytes() + " bytes."));
    }
    if (received > limits.quotaRemaining()) {
      return fail(quotaExceeded(limits.quotaBytes()));
    }
    if (limits.declaredSize() != null && received > limits.declaredSize()) {
      return fail(broken("The body is longer than the " + limits.declaredSize() + " bytes declared."));
    }
    if (prefix.length() < prefixBytes) {
      prefix.appendBuffer(chunk, 0, Math.min(chunk.length(), prefixBytes - prefix.length()));
    }
    tail = tail.compose(v -> vertx.<Void>executeBlocking(() -> {
          digest.update(chunk.getBytes());
          return null;
        }, false))
        .compose(v -> Future.all(writer.write(chunk), scan.write(chunk)).<Void>mapEmpty());
    return tail.recover(this::fail);
  }

  /** Stores what is left and records the file: answers its JSON. Fails (and cleans up) on an empty or short body. */
  public Future<JsonObject> end() {
    if (failure != null || ended) {
      return Future.failedFuture(failure != null ? failure : broken("The upload has already ended."));
    }
    ended = true;
    return tail.compose(v -> {
      if (received == 0) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("The file is empty."));
      }
      if (limits.declaredSize() != null && received != limits.declaredSize()) {
        return Future.failedFuture(broken("The body ended after " + received + " of the " + limits.declaredSize() + " bytes declared."));
      }
      return Future.all(writer.finish(), scan.finish());
    }).compose(both -> {
      ScanResult result = both.resultAt(1);
      String sha256 = HexFormat.of().formatHex(digest.digest());
      return completion.complete(new Received(received, sha256, prefix.getBytes(), result));
    }).recover(err -> fail(err).map((JsonObject) null));
  }

  /** Drops the upload: nothing it wrote is kept. */
  public Future<Void> abort() {
    return fail(broken("The upload was abandoned.")).<Void>mapEmpty().otherwiseEmpty();
  }

  /** @return bytes received so far */
  public long received() {
    return received;
  }

  private <T> Future<T> fail(Throwable cause) {
    if (failure == null) {
      failure = cause;
      scan.abort();
      tail.eventually(() -> writer.abort()).eventually(completion::discard);
    }
    return Future.failedFuture(failure);
  }

  static Throwable broken(String message) {
    return ErrorCode.BAD_REQUEST.exception(message);
  }

  /** @return the refusal for an upload past the quota: 409 naming it */
  public static Throwable quotaExceeded(long quotaBytes) {
    return ErrorCode.CONFLICT.exception("This meeting or conversation has used its file quota of " + quotaBytes
        + " bytes (PARLEY_FILE_QUOTA_BYTES); delete files to make room.", new JsonObject().put("quotaBytes", quotaBytes));
  }
}
