package dev.parley.file.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Writes one blob chunk by chunk. Calls are made one after the other: the next {@link #write} only
 * after the previous one's future completed, which is the back-pressure the upload passes on.
 */
public interface BlobWriter {

  /** Appends bytes; completes once the store has taken them (or buffered at most one part). */
  Future<Void> write(Buffer chunk);

  /** Stores what is left and makes the blob readable. */
  Future<Void> finish();

  /** Removes everything written so far (or the finished blob); leaves nothing behind. */
  Future<Void> abort();
}
