package dev.parley.file;

import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;

/**
 * File metadata in the {@code files} collection, one document per file; the bytes live in a
 * {@link dev.parley.file.store.BlobStore} under {@code blobId}, never in these documents.
 *
 * <p>Document: {@code {_id, space, meetingId, ownerId, ownerName, name, size, type, sha256, state:
 * uploading|pending|available|rejected, scan: unscanned|clean|infected, signature, store, blobId,
 * createdAt (date)}}. An {@code uploading} document exists only while its transfer runs; it is not
 * listed and does not count towards the quota.
 */
final class FileRepository {

  static final String COLLECTION = "files";
  static final String UPLOADING = "uploading";
  static final String AVAILABLE = "available";
  static final String REJECTED = "rejected";

  private final MongoClient mongo;

  FileRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndex(COLLECTION, new JsonObject().put("space", 1).put("createdAt", -1))
        .compose(v -> mongo.createIndex(COLLECTION, new JsonObject().put("ownerId", 1)));
  }

  Future<Void> insert(JsonObject document) {
    return mongo.insert(COLLECTION, document).mapEmpty();
  }

  /** @return the document, or {@code null} */
  Future<JsonObject> find(String fileId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", fileId), null);
  }

  /** @return the space's listed files (not {@code uploading}), newest first */
  Future<List<JsonObject>> list(String space) {
    return mongo.findWithOptions(COLLECTION, listed(space),
        new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(1000));
  }

  /** @return every document of the space, in any state (for deleting the space) */
  Future<List<JsonObject>> all(String space) {
    return mongo.find(COLLECTION, new JsonObject().put("space", space));
  }

  /** @return whether the space has any listed file */
  Future<Boolean> holdsAny(String space) {
    return mongo.findWithOptions(COLLECTION, listed(space), new FindOptions().setFields(new JsonObject().put("_id", 1)).setLimit(1))
        .map(docs -> !docs.isEmpty());
  }

  /** @return bytes the space's listed files take */
  Future<Long> usedBytes(String space) {
    return mongo.findWithOptions(COLLECTION, listed(space), new FindOptions().setFields(new JsonObject().put("size", 1)))
        .map(docs -> docs.stream().mapToLong(doc -> doc.getLong("size", 0L)).sum());
  }

  /** Records the outcome of an upload: its size, type, hash, scan and state. */
  Future<Void> complete(String fileId, JsonObject fields) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", fileId), new JsonObject().put("$set", fields)).mapEmpty();
  }

  /** Sets the owner name of every file of an owner. */
  Future<Void> rename(String ownerId, String ownerName) {
    return mongo.updateCollectionWithOptions(COLLECTION, new JsonObject().put("ownerId", ownerId),
        new JsonObject().put("$set", new JsonObject().put("ownerName", ownerName)), new UpdateOptions().setMulti(true)).mapEmpty();
  }

  Future<Void> delete(String fileId) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", fileId)).mapEmpty();
  }

  /** @return uploads that started before {@code before} and never finished (their service died) */
  Future<List<JsonObject>> staleUploads(Instant before) {
    return mongo.find(COLLECTION, new JsonObject().put("state", UPLOADING)
        .put("createdAt", new JsonObject().put("$lt", MongoDates.of(before))));
  }

  private static JsonObject listed(String space) {
    return new JsonObject().put("space", space)
        .put("state", new JsonObject().put("$in", new JsonArray().add(AVAILABLE).add("pending").add(REJECTED)));
  }
}
