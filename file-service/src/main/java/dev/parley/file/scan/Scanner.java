package dev.parley.file.scan;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Scans an upload while it streams: each chunk goes to the scanner as it goes to the store. */
public interface Scanner {

  /** A scanner that scans nothing: every file is {@code unscanned}. */
  Scanner NONE = () -> Future.succeededFuture(Session.UNSCANNED);

  /**
   * @return a session for one file; fails with {@code UNAVAILABLE} when the scanner is required and
   *     cannot be reached
   */
  Future<Session> open();

  /** One file's scan; calls are made one after the other. */
  interface Session {

    /** A session that passes everything as {@code unscanned}. */
    Session UNSCANNED = new Session() {
      @Override
      public Future<Void> write(Buffer chunk) {
        return Future.succeededFuture();
      }

      @Override
      public Future<ScanResult> finish() {
        return Future.succeededFuture(ScanResult.UNSCANNED);
      }

      @Override
      public void abort() {
      }
    };

    Future<Void> write(Buffer chunk);

    /** @return the verdict once every chunk was written */
    Future<ScanResult> finish();

    void abort();
  }
}
