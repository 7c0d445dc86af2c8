package dev.parley.signaling;

import dev.parley.api.meeting.MeetingService;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;

import java.time.Clock;

/**
 * Deploys the signaling service: binds {@link SignalingService} on {@link SignalingService#ADDRESS}.
 * Room state lives in the Redis of {@code PARLEY_REDIS_URI}; membership comes from the meeting
 * service over the event bus, so rooms can be joined only while it is deployed somewhere in the
 * cluster. Gateways must be on the same event bus to receive the pushes.
 */
public final class SignalingVerticle extends VerticleBase {

  /** How long a gateway may take to accept a frame for one of its sockets, in milliseconds. */
  static final long DELIVERY_TIMEOUT_MS = 5_000;

  private final Clock clock;
  private MessageConsumer<JsonObject> binding;

  public SignalingVerticle() {
    this(Clock.systemUTC());
  }

  /** @param clock the time source for join times and timer deadlines (tests pass a controlled one) */
  SignalingVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).map(config -> {
      RoomStore rooms = new RoomStore(Clients.redis(vertx, config));
      Relay relay = new Relay(vertx.eventBus(), DELIVERY_TIMEOUT_MS);
      SignalingService service = new SignalingServiceImpl(MeetingService.createProxy(vertx), rooms, relay,
          new HostActions(rooms, relay, clock), clock);
      binding = new ServiceBinder(vertx).setAddress(SignalingService.ADDRESS).register(SignalingService.class, service);
      return binding;
    });
  }

  @Override
  public Future<?> stop() {
    return binding == null ? Future.succeededFuture() : binding.unregister();
  }
}
