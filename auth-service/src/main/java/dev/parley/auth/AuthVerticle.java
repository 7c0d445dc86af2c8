package dev.parley.auth;

import dev.parley.api.admin.AdminService;
import dev.parley.api.auth.AuthService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.auth.admin.AdminServiceImpl;
import dev.parley.auth.admin.AuditLog;
import dev.parley.common.Audit;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Deploys the auth service: binds {@link AuthService} on {@link AuthService#ADDRESS} once the store
 * indexes exist and the signing key is loaded. The signing key comes from the JWK Set file named by
 * {@code PARLEY_JWT_KEY_FILE}; without one, an in-memory key is generated and a warning logged
 * (tokens then stop verifying when the process restarts, and several instances would disagree).
 */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);

  private WorkerExecutor hashingPool;
  private MessageConsumer<JsonObject> binding;
  private MessageConsumer<JsonObject> adminBinding;
  private MessageConsumer<JsonObject> auditConsumer;

  private DirectoryIndex directoryIndex;

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> {
      Clock clock = Clock.systemUTC();
      MongoClient mongo = Clients.mongo(vertx, config);
      hashingPool = vertx.createSharedWorkerExecutor("parley-password-hashing",
          Runtime.getRuntime().availableProcessors());
      directoryIndex = new DirectoryIndex(mongo, vertx.eventBus());
      UserRepository users = new UserRepository(mongo, directoryIndex);
      RefreshTokens refreshTokens = new RefreshTokens(mongo, clock);
      AccountStore accounts = new AccountStore(users, refreshTokens, vertx.eventBus());
      Future<SigningKeys> keys = vertx.executeBlocking(() -> loadKeys(config));
      Future<PasswordHasher> hasher = hashingPool.executeBlocking(() -> new PasswordHasher(hashingPool));
      Future<PasswordPolicy> policy = vertx.executeBlocking(PasswordPolicy::new);
      AuditLog auditLog = new AuditLog(mongo, clock);
      Directory directory = new Directory(directoryIndex, new Contacts(vertx), Directory.Mode.of(config.string(ParleyConfig.DIRECTORY)));
      long loading = System.nanoTime();
      Future<Integer> backfilled = users.createIndexes().compose(v -> users.backfillSearchKeys())
          .onSuccess(count -> {
            if (count > 0) {
              LOG.info("Gave {} accounts their directory search keys", count);
            }
          })
          .compose(count -> directoryIndex.load().map(count))
          .onSuccess(count -> LOG.info("Directory index holds {} accounts (loaded in {} ms)", directoryIndex.size(),
              (System.nanoTime() - loading) / 1_000_000));
      return Future.all(List.of(keys, hasher, policy, backfilled, refreshTokens.createIndexes(),
          auditLog.createIndexes(config.integer(ParleyConfig.AUDIT_RETENTION_DAYS)))).compose(ready -> {
        AuthService service = new AuthServiceImpl(users, refreshTokens, new PasswordResets(mongo, clock),
            hasher.result(), policy.result(), new AccessTokenIssuer(keys.result(), config.jwtIssuer(), clock),
            keys.result(),
            new LoginThrottle(Clients.redis(vertx, config),
                config.integer(ParleyConfig.LOGIN_MAX_ATTEMPTS_PER_ADDRESS),
                config.integer(ParleyConfig.LOGIN_MAX_FAILURES_PER_ACCOUNT)),
            new AuthMails(Clients.mail(vertx, config), config.string(ParleyConfig.MAIL_FROM), config.publicUrl()),
            new AdminRoles(config.list(ParleyConfig.ADMIN_EMAILS), config.bool(ParleyConfig.FIRST_ACCOUNT_ADMIN), users),
            new Audit(vertx.eventBus()),
            directory,
            new Profiles(users, accounts, hasher.result(), policy.result(), clock),
            clock, new AccountNotices(vertx.eventBus()));
        AdminService admin = new AdminServiceImpl(accounts, auditLog, vertx.eventBus(),
            MeetingService.createProxy(vertx), SchedulingService.createProxy(vertx), ChatService.createProxy(vertx));
        binding = new ServiceBinder(vertx).setAddress(AuthService.ADDRESS).register(AuthService.class, service);
        adminBinding = new ServiceBinder(vertx).setAddress(AdminService.ADDRESS).register(AdminService.class, admin);
        auditConsumer = auditLog.listen(vertx.eventBus());
        return Future.all(binding.completion(), adminBinding.completion(), auditConsumer.completion());
      });
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> unbound = Future.all(unregister(binding), unregister(adminBinding), unregister(auditConsumer),
        directoryIndex == null ? Future.succeededFuture() : directoryIndex.close()).mapEmpty();
    return unbound.eventually(() -> hashingPool == null ? Future.succeededFuture() : hashingPool.close());
  }

  private static Future<Void> unregister(MessageConsumer<?> consumer) {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private static SigningKeys loadKeys(ParleyConfig config) {
    String file = config.string(ParleyConfig.JWT_KEY_FILE);
    if (file == null) {
      LOG.warn("PARLEY_JWT_KEY_FILE is not set: signing access tokens with a key that lasts only as long as this process");
      return SigningKeys.ephemeral();
    }
    return SigningKeys.load(Path.of(file));
  }
}
