package dev.parley.chat;

import dev.parley.api.Addresses;
import dev.parley.api.admin.AccountNotice;
import dev.parley.api.auth.AuthService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.file.FileService;
import dev.parley.common.Accounts;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.serviceproxy.ServiceBinder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Deploys the chat service: binds {@link ChatService} on {@link ChatService#ADDRESS} once the indexes
 * of {@code chat_messages}, {@code chat_channels} and {@code chat_reads} exist. Meeting membership
 * comes from the meeting service over the event bus, and cached answers about a meeting are dropped
 * when an access notice about it is published ({@link Addresses#ACCESS_REVOKED}); the send rate ({@code PARLEY_CHAT_SEND_LIMIT}
 * per 10 s) is counted in Redis. Files are shared through the {@link FileService}, whose deletions
 * ({@link Addresses#FILE_DELETED}) tombstone the messages that shared them. Any number of instances may run against one database.
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);

  private MessageConsumer<JsonObject> binding;
  private MessageConsumer<JsonObject> revocations;
  private MessageConsumer<JsonObject> accountChanges;
  private MessageConsumer<JsonObject> deletedAccounts;
  private MessageConsumer<JsonObject> deletedFiles;

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> {
      MongoClient mongo = Clients.mongo(vertx, config);
      ChannelRepository channels = new ChannelRepository(mongo);
      MessageRepository messages = new MessageRepository(mongo, channels);
      return Future.all(channels.createIndexes(), messages.createIndexes()).compose(ready -> {
        Clock clock = Clock.systemUTC();
        Access access = new Access(MeetingService.createProxy(vertx), new Accounts(AuthService.createProxy(vertx)), channels, clock);
        revocations = vertx.eventBus().consumer(Addresses.ACCESS_REVOKED,
            notice -> access.revoke(AccessNotice.of(notice.body())));
        accountChanges = vertx.eventBus().consumer(Addresses.ACCOUNT_CHANGED, notice -> {
          AccountNotice account = AccountNotice.of(notice.body());
          if (account.disabled() && account.userId() != null) {
            access.forgetAccount(account.userId());
          }
        });
        ChatServiceImpl service = new ChatServiceImpl(messages, channels, access,
            new SendRateLimit(redis(config), config.integer(ParleyConfig.CHAT_SEND_LIMIT)),
            new FileShares(FileService.createProxy(vertx), messages), vertx.eventBus(), clock);
        deletedFiles = vertx.eventBus().<JsonObject>consumer(Addresses.FILE_DELETED, notice -> {
          JsonObject file = notice.body() == null ? new JsonObject() : notice.body();
          service.fileDeleted(file.getString("space"), file.getString("fileId"))
              .onFailure(err -> LOG.warn("The message of deleted file {} may still show it: {}", file.getString("fileId"), err.getMessage()));
        });
        binding = new ServiceBinder(vertx).setAddress(ChatService.ADDRESS).register(ChatService.class, service);
        deletedAccounts = new DeletedAccounts(mongo).listen(vertx);
        return Future.all(List.of(binding.completion(), revocations.completion(), accountChanges.completion(),
            deletedAccounts.completion(), deletedFiles.completion()));
      });
    });
  }

  /** Every send counts in Redis: a larger pool and wait queue than the shared default, for bursts. */
  private Redis redis(ParleyConfig config) {
    return Redis.createClient(vertx, new RedisOptions()
        .setType(RedisClientType.STANDALONE)
        .setConnectionString(config.string(ParleyConfig.REDIS_URI))
        .setMaxPoolSize(32)
        .setMaxPoolWaiting(4096));
  }

  @Override
  public Future<?> stop() {
    return Future.all(binding == null ? Future.succeededFuture() : binding.unregister(),
        revocations == null ? Future.succeededFuture() : revocations.unregister(),
        accountChanges == null ? Future.succeededFuture() : accountChanges.unregister(),
        deletedAccounts == null ? Future.succeededFuture() : deletedAccounts.unregister(),
        deletedFiles == null ? Future.succeededFuture() : deletedFiles.unregister());
  }
}
