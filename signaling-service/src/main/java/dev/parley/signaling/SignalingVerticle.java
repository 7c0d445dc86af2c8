package dev.parley.signaling;

import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.signaling.LocalSignal;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Accounts;
import dev.parley.common.Audit;
import dev.parley.common.Clients;
import dev.parley.common.Colocation;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.ops.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.HelperUtils;
import io.vertx.serviceproxy.ServiceBinder;

import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the signaling service: binds {@link SignalingService} on {@link SignalingService#ADDRESS}.
 * Room state lives in the Redis of {@code PARLEY_REDIS_URI}; membership comes from the meeting
 * service over the event bus, so rooms can be joined only while it is deployed somewhere in the
 * cluster. Gateways must be on the same event bus to receive the pushes.
 *
 * <p>Each instance also listens on a process-local address registered with {@link Colocation} under
 * its event loop, where a gateway deployed in the same process on the same event loop reaches it, and
 * on a second one for that gateway's signals, sent as {@link LocalSignal} messages.
 */
public final class SignalingVerticle extends VerticleBase {

  /** How long a gateway may take to accept a frame for one of its sockets, in milliseconds. */
  static final long DELIVERY_TIMEOUT_MS = 5_000;

  /** How often each instance looks for members whose grace or gateway ran out, in milliseconds. */
  static final long SWEEP_INTERVAL_MS = 1_000;
  /**
   * The longest an instance relays with its cached copy of a room's member routes ({@link RouteCache})
   * without reading Redis again: a backstop for a lost change notice, not the usual refresh.
   */
  static final Duration ROUTE_TTL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(SignalingVerticle.class);

  private final Clock clock;
  private final MeterRegistry registry;
  private MessageConsumer<JsonObject> binding;
  private MessageConsumer<JsonObject> localBinding;
  private MessageConsumer<Object> localRelay;
  private Runnable colocation = () -> { };
  private MessageConsumer<String> routeChanges;
  private long sweeper = -1;

  public SignalingVerticle() {
    this(Clock.systemUTC(), null);
  }

  /**
   * @param clock the time source for join times and timer deadlines (tests pass a controlled one)
   * @param registry where {@link SignalMetrics} counts, or null for the Vert.x instance's metrics
   *     registry (a private one, counted but not exposed, when Vert.x runs without metrics)
   */
  SignalingVerticle(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> {
      Redis redis = Clients.redis(vertx, config);
      RouteCache routes = new RouteCache(vertx.eventBus(), ROUTE_TTL, clock);
      routeChanges = routes.listen();
      MeetingService meetings = MeetingService.createProxy(vertx);
      LiveCounts live = new LiveCounts(redis, vertx.eventBus(), meetings);
      RoomStore rooms = new RoomStore(redis, routes, live::changed);
      Relay relay = new Relay(vertx.eventBus(), DELIVERY_TIMEOUT_MS);
      IceServers iceServers = new IceServers(config.list(ParleyConfig.STUN_URIS), config.list(ParleyConfig.TURN_URIS),
          config.string(ParleyConfig.TURN_SECRET), Duration.ofSeconds(config.integer(ParleyConfig.TURN_TTL_S)), clock);
      SignalingServiceImpl service = new SignalingServiceImpl(meetings, rooms, relay, new HostActions(rooms, relay, clock),
          iceServers, new DirectCalls(redis, vertx.eventBus(), meetings, new Accounts(AuthService.createProxy(vertx)),
              Duration.ofSeconds(config.integer(ParleyConfig.CALL_RING_S)), clock),
          new SignalMetrics(metricsRegistry()), Duration.ofSeconds(config.integer(ParleyConfig.ROOM_GRACE_S)), clock,
          new LiveRooms(redis, rooms, meetings, AuthService.createProxy(vertx)), new Audit(vertx.eventBus()), live);
      binding = new ServiceBinder(vertx).setAddress(SignalingService.ADDRESS).register(SignalingService.class, service);
      // A gateway in this process on this event loop sends here instead, keeping each request and its
      // reply on one thread (Colocation); the instances are interchangeable, their state is in Redis.
      String localAddress = SignalingService.ADDRESS + ".local." + UUID.randomUUID();
      localBinding = new ServiceBinder(vertx).setAddress(localAddress).registerLocal(SignalingService.class, service);
      // Its signals come as LocalSignal messages, their payload already checked by its frame parser.
      LocalSignal.registerCodec(vertx);
      String relayAddress = LocalSignal.ADDRESS + ".local." + UUID.randomUUID();
      localRelay = vertx.eventBus().localConsumer(relayAddress, message -> relayLocal(service, message));
      Runnable unregisterService = Colocation.register(vertx, SignalingService.ADDRESS, localAddress);
      Runnable unregisterRelay = Colocation.register(vertx, LocalSignal.ADDRESS, relayAddress);
      colocation = () -> {
        unregisterService.run();
        unregisterRelay.run();
      };
      sweeper = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> {
        routes.prune();
        service.sweep().onFailure(err -> LOG.warn("Room presence sweep failed: {}", err.getMessage()));
      });
      return Future.all(binding.completion(), localBinding.completion(), localRelay.completion(),
          routeChanges.completion());
    });
  }

  /** Relays a {@link LocalSignal}; replies empty, or fails as the service's proxy handler would. */
  private static void relayLocal(SignalingServiceImpl service, Message<Object> message) {
    if (!(message.body() instanceof LocalSignal signal)) {
      message.fail(ErrorCode.BAD_REQUEST.failureCode(), "Expected a LocalSignal");
      return;
    }
    service.relay(signal.meetingId(), signal.to(), signal.kind(), signal.payload(), signal.caller())
        .onComplete(HelperUtils.createHandler(message, false));
  }

  private MeterRegistry metricsRegistry() {
    if (registry != null) {
      return registry;
    }
    return Meters.registry();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    colocation.run();
    return Future.all(binding == null ? Future.succeededFuture() : binding.unregister(),
        localBinding == null ? Future.succeededFuture() : localBinding.unregister(),
        localRelay == null ? Future.succeededFuture() : localRelay.unregister(),
        routeChanges == null ? Future.succeededFuture() : routeChanges.unregister());
  }
}
