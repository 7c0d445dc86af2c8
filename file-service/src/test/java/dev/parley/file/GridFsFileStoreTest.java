package dev.parley.file;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

/** The store contract on GridFS in the embedded MongoDB-compatible store (mongo-java-server). */
@DisplayName("Files in GridFS")
class GridFsFileStoreTest extends FileStoreContract {

  @Override
  JsonObject storeConfig() {
    return new JsonObject();
  }

  @Override
  long blobCount() throws Exception {
    return await(mongo.distinct("fs.chunks", "files_id", String.class.getName())).size();
  }
}
