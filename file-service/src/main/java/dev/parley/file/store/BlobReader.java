package dev.parley.file.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Reads one byte range of a blob, piece by piece; calls are made one after the other. */
public interface BlobReader {

  /** Most bytes one {@link #read()} returns. */
  int MAX_PIECE = 256 * 1024;

  /** @return the next piece of the range (at most {@link #MAX_PIECE} bytes), empty once it is exhausted */
  Future<Buffer> read();

  /** Releases what the reader holds (an open HTTP response, for S3); safe to call twice. */
  void close();
}
