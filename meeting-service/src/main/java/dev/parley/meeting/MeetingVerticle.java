package dev.parley.meeting;

import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.meeting.invitation.Invitations;
import dev.parley.meeting.timeslot.Scheduling;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceBinder;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Deploys the meeting service: binds {@link MeetingService} on {@link MeetingService#ADDRESS} once the
 * indexes of {@code meetings} and {@code meeting_members} exist. Guest tokens come from the auth
 * service over the event bus, so guests can join only while it is deployed somewhere in the cluster.
 * Beside it run scheduling ({@link Scheduling}: events, bookable timeslots, reminders) and invitations
 * ({@link Invitations}: invitation mails, calendar updates, admission at sign-up).
 */
public final class MeetingVerticle extends VerticleBase {

  private final Clock clock;
  private MessageConsumer<JsonObject> binding;
  private MessageConsumer<JsonObject> deletedAccounts;
  private Scheduling scheduling;
  private Invitations invitations;

  public MeetingVerticle() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock the time source for createdAt, updatedAt and joinedAt, and for scheduling's bookings,
   *     join windows and reminders (tests pass a controlled one)
   */
  MeetingVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> {
      MongoClient mongo = Clients.mongo(vertx, config);
      MeetingRepository meetings = new MeetingRepository(mongo);
      MemberRepository members = new MemberRepository(mongo);
      return Future.all(meetings.createIndexes(), members.createIndexes())
          .compose(ready -> Scheduling.start(vertx, mongo, config, clock))
          .compose(started -> {
            scheduling = started;
            return Invitations.start(vertx, mongo, config, clock, (meetingId, userId, name) ->
                members.admit(meetingId, userId, MemberRepository.PARTICIPANT, name, clock.instant())
                    .map(member -> !MemberRepository.REMOVED.equals(member.getString("role"))));
          })
          .map(started -> {
            invitations = started;
            MeetingService service = new MeetingServiceImpl(meetings, members, new JoinCodes(new SecureRandom()),
                AuthService.createProxy(vertx), config.publicUrl(), clock, vertx.eventBus(), invitations.listener());
            binding = new ServiceBinder(vertx).setAddress(MeetingService.ADDRESS).register(MeetingService.class, service);
            deletedAccounts = new DeletedAccounts(members, service, SchedulingService.createProxy(vertx),
                SignalingService.createProxy(vertx), clock).listen(vertx);
            return binding;
          });
    });
  }

  @Override
  public Future<?> stop() {
    if (deletedAccounts != null) {
      deletedAccounts.unregister();
    }
    Future<Void> schedulingStopped = scheduling == null ? Future.succeededFuture() : scheduling.stop();
    Future<Void> invitationsStopped = invitations == null ? Future.succeededFuture() : invitations.stop();
    return Future.join(schedulingStopped, invitationsStopped).eventually(() -> binding == null ? Future.succeededFuture() : binding.unregister());
  }
}
