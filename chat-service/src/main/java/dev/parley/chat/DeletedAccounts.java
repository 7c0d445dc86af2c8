package dev.parley.chat;

import dev.parley.api.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a deleted account's messages but no longer its name ({@link Addresses#ACCOUNT_DELETED}): every
 * message it sent shows {@value #DELETED_NAME} as sender, and so does its side of each direct
 * conversation. Idempotent, so every chat instance may apply the same notice. Failures are logged.
 */
final class DeletedAccounts {

  /** The name shown instead of a deleted account's. */
  static final String DELETED_NAME = "Deleted user";
  private static final Logger LOG = LoggerFactory.getLogger(DeletedAccounts.class);

  private final MongoClient mongo;

  DeletedAccounts(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** @return the registered consumer (unregister it on stop) */
  MessageConsumer<JsonObject> listen(Vertx vertx) {
    return vertx.eventBus().consumer(Addresses.ACCOUNT_DELETED, message -> handle(message.body().getString("userId")));
  }

  Future<Void> handle(String userId) {
    if (userId == null) {
      return Future.succeededFuture();
    }
    UpdateOptions all = new UpdateOptions().setMulti(true);
    Future<?> messages = mongo.updateCollectionWithOptions(MessageRepository.COLLECTION, new JsonObject().put("senderId", userId),
        new JsonObject().put("$set", new JsonObject().put("senderName", DELETED_NAME)), all);
    Future<?> channels = mongo.updateCollectionWithOptions(ChannelRepository.CHANNELS, new JsonObject().put("members", userId),
        new JsonObject().put("$set", new JsonObject().put("names." + userId, DELETED_NAME)), all);
    return Future.all(messages, channels)
        .onFailure(err -> LOG.warn("Messages of deleted account {} still show its name: {}", userId, err.getMessage()))
        .mapEmpty();
  }
}
