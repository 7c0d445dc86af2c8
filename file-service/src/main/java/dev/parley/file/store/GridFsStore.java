package dev.parley.file.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;

/**
 * Blobs in MongoDB in the GridFS layout ({@code fs.files} and {@code fs.chunks}, chunks of 255 KiB
 * numbered by {@code n}), so MongoDB's own GridFS tools read them. Written through the plain Vert.x
 * {@link MongoClient} rather than its GridFS client because a range read must fetch only the chunks it
 * covers (vertx-mongo-client's GridFS has no range reads) and an aborted upload must remove exactly its
 * chunks; both are one query on {@code (files_id, n)}, which the embedded mongo-java-server serves.
 *
 * <p>Invariant: the {@code fs.files} document is inserted last, after every chunk, so a blob without
 * it is an unfinished upload; {@link BlobWriter#abort()} and {@link #delete} remove the chunks first.
 */
public final class GridFsStore implements BlobStore {

  static final String FILES = "fs.files";
  static final String CHUNKS = "fs.chunks";
  /** GridFS's customary chunk size: 255 KiB, so a chunk document stays well under 16 MiB. */
  static final int CHUNK_SIZE = 255 * 1024;

  private final MongoClient mongo;

  public GridFsStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  @Override
  public String name() {
    return "gridfs";
  }

  @Override
  public Future<Void> init() {
    return mongo.createIndexWithOptions(CHUNKS, new JsonObject().put("files_id", 1).put("n", 1),
        new IndexOptions().unique(true));
  }

  @Override
  public Future<BlobWriter> create(String blobId) {
    return Future.succeededFuture(new Writer(blobId));
  }

  @Override
  public Future<BlobReader> open(String blobId, long start, long end) {
    return Future.succeededFuture(new Reader(blobId, start, end));
  }

  @Override
  public Future<Void> delete(String blobId) {
    return mongo.removeDocuments(CHUNKS, new JsonObject().put("files_id", blobId))
        .compose(v -> mongo.removeDocuments(FILES, new JsonObject().put("_id", blobId)))
        .mapEmpty();
  }

  @Override
  public Future<Void> check() {
    return mongo.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
  }

  @Override
  public Future<Long> countBlobs() {
    return mongo.distinct(CHUNKS, "files_id", String.class.getName()).map(ids -> (long) ids.size());
  }

  private final class Writer implements BlobWriter {
    private final String blobId;
    private Buffer pending = Buffer.buffer();
    private int n;
    private long length;

    Writer(String blobId) {
      this.blobId = blobId;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      pending.appendBuffer(chunk);
      length += chunk.length();
      return flush(false);
    }

    @Override
    public Future<Void> finish() {
      return flush(true).compose(v -> mongo.insert(FILES, new JsonObject()
          .put("_id", blobId)
          .put("length", length)
          .put("chunkSize", CHUNK_SIZE)
          .put("uploadDate", new JsonObject().put("$date", Instant.now().toString()))
          .put("filename", blobId))).mapEmpty();
    }

    @Override
    public Future<Void> abort() {
      pending = Buffer.buffer();
      return delete(blobId);
    }

    /** Inserts every full chunk held (and, when {@code last}, the rest), one after the other. */
    private Future<Void> flush(boolean last) {
      if (pending.length() >= CHUNK_SIZE || last && pending.length() > 0) {
        int size = Math.min(CHUNK_SIZE, pending.length());
        byte[] data = pending.getBytes(0, size);
        pending = pending.getBuffer(size, pending.length());
        int index = n++;
        return mongo.insert(CHUNKS, new JsonObject()
                .put("_id", blobId + ":" + index)
                .put("files_id", blobId)
                .put("n", index)
                .put("data", new JsonObject().put("$binary", data)))
            .compose(id -> flush(last));
      }
      return Future.succeededFuture();
    }
  }

  private final class Reader implements BlobReader {
    private final String blobId;
    private final long end;
    private long position;

    Reader(String blobId, long start, long end) {
      this.blobId = blobId;
      this.position = start;
      this.end = end;
    }

    @Override
    public Future<Buffer> read() {
      if (position > end) {
        return Future.succeededFuture(Buffer.buffer());
      }
      long n = position / CHUNK_SIZE;
      return mongo.findOne(CHUNKS, new JsonObject().put("files_id", blobId).put("n", n), null).compose(chunk -> {
        if (chunk == null) {
          return Future.failedFuture(new IllegalStateException("GridFS chunk " + n + " of blob " + blobId + " is missing"));
        }
        byte[] data = chunk.getJsonObject("data").getBinary("$binary");
        int from = (int) (position - n * CHUNK_SIZE);
        int to = (int) Math.min(data.length, end - n * CHUNK_SIZE + 1);
        position += to - from;
        return Future.succeededFuture(Buffer.buffer(data).getBuffer(from, to));
      });
    }

    @Override
    public void close() {
      position = end + 1;
    }
  }
}
