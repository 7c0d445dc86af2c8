package dev.parley.meeting.invitation;

import dev.parley.api.Addresses;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.InvitationService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Wires meeting invitations inside the meeting service: creates the indexes, binds
 * {@link InvitationService} on {@link InvitationService#ADDRESS}, runs the {@link MailQueue}, follows
 * meetings' changes ({@link #listener()}) and, on {@link Addresses#ACCOUNT_CREATED}, makes a new account a
 * member of every meeting its address was invited to (unless revoked). Configuration (defaults in
 * brackets): {@value #PER_DAY} [500] addresses per account and UTC day, {@value #RETRY_MS} [10000] the
 * first retry's wait, doubling after each failure, {@value #MAX_ATTEMPTS} [8] attempts before a mail
 * counts as failed, {@value #SCAN_MS} [1000] how often each instance looks for due mails.
 */
public final class Invitations {

  public static final String PER_DAY = "PARLEY_INVITATIONS_PER_DAY";
  public static final String RETRY_MS = "PARLEY_INVITATION_RETRY_MS";
  public static final String MAX_ATTEMPTS = "PARLEY_INVITATION_MAX_ATTEMPTS";
  public static final String SCAN_MS = "PARLEY_INVITATION_SCAN_MS";

  private static final Logger LOG = LoggerFactory.getLogger(Invitations.class);

  private final MessageConsumer<JsonObject> binding;
  private final MessageConsumer<JsonObject> signups;
  private final MailQueue queue;
  private final MeetingListener listener;

  private Invitations(MessageConsumer<JsonObject> binding, MessageConsumer<JsonObject> signups, MailQueue queue,
                      MeetingListener listener) {
    this.binding = binding;
    this.signups = signups;
    this.queue = queue;
    this.listener = listener;
  }

  /**
   * @param admission how an account becomes a member (the meeting service's membership store)
   * @return the running invitations, once their indexes exist
   */
  public static Future<Invitations> start(Vertx vertx, MongoClient mongo, ParleyConfig config, Clock clock,
                                          Admission admission) {
    InvitationRepository invitations = new InvitationRepository(mongo);
    MailQueue queue = new MailQueue(vertx, mongo, Clients.mail(vertx, config), config.string(ParleyConfig.MAIL_FROM),
        invitations, clock, Duration.ofMillis(setting(config, RETRY_MS, 10_000)), setting(config, MAX_ATTEMPTS, 8));
    return Future.all(invitations.createIndexes(), queue.createIndexes()).map(ready -> {
      InvitationMails mails = new InvitationMails(config.publicUrl(), clock);
      InvitationServiceImpl service = new InvitationServiceImpl(invitations, queue, mails,
          new InviteLimit(Clients.redis(vertx, config), setting(config, PER_DAY, 500), clock),
          MeetingService.createProxy(vertx), AuthService.createProxy(vertx), admission, clock);
      MessageConsumer<JsonObject> binding = new ServiceBinder(vertx).setAddress(InvitationService.ADDRESS)
          .register(InvitationService.class, service);
      MessageConsumer<JsonObject> signups = vertx.eventBus().<JsonObject>consumer(Addresses.ACCOUNT_CREATED,
          notice -> admitNewAccount(notice.body(), invitations, admission, clock));
      queue.start(setting(config, SCAN_MS, 1_000));
      return new Invitations(binding, signups, queue, new CalendarFollowUps(invitations, queue, mails, service, clock));
    });
  }

  /** @return what the meeting service tells about meetings' changes */
  public MeetingListener listener() {
    return listener;
  }

  /** Stops sending and unbinds the service. */
  public Future<Void> stop() {
    queue.stop();
    return Future.join(binding.unregister(), signups.unregister()).mapEmpty();
  }

  private static void admitNewAccount(JsonObject notice, InvitationRepository invitations, Admission admission, Clock clock) {
    String userId = notice.getString("userId");
    String email = notice.getString("email");
    if (userId == null || email == null) {
      return;
    }
    invitations.openByEmail(email)
        .compose(open -> Future.all(open.stream().map(invitation -> admission
                .admit(invitation.getString("meetingId"), userId, notice.getString("displayName"))
                .compose(member -> member
                    ? invitations.accept(invitation.getString("_id"), userId, clock.instant())
                    : Future.succeededFuture()))
            .toList()))
        .onSuccess(done -> LOG.info("New account {} admitted to {} meetings it was invited to", userId, done.size()))
        .onFailure(err -> LOG.warn("Invitations of new account {} were not admitted", userId, err));
  }

  private static int setting(ParleyConfig config, String key, int fallback) {
    return config.string(key) == null ? fallback : config.integer(key);
  }
}
