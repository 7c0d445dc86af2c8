package dev.parley.gateway;

import dev.parley.api.admin.AdminService;
import dev.parley.api.auth.AuthService;
import dev.parley.api.board.BoardService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.file.FileService;
import dev.parley.api.meeting.InvitationService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Clients;
import dev.parley.common.Colocation;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.jwt.AccessTokenVerifier;
import dev.parley.common.ops.Drain;
import dev.parley.common.ops.Meters;
import dev.parley.common.ops.OpsRoutes;
import dev.parley.gateway.files.FileRoutes;
import dev.parley.gateway.rest.AccessTokenHandler;
import dev.parley.gateway.rest.AdminRoutes;
import dev.parley.gateway.rest.ApiContract;
import dev.parley.gateway.rest.AuthRoutes;
import dev.parley.gateway.rest.EarlyRefusals;
import dev.parley.gateway.rest.ChatRoutes;
import dev.parley.gateway.rest.InvitationRoutes;
import dev.parley.gateway.rest.GuestPasses;
import dev.parley.gateway.rest.LiveRoutes;
import dev.parley.gateway.presence.PresenceStore;
import dev.parley.gateway.rest.MeetingRoutes;
import dev.parley.gateway.rest.PeopleRoutes;
import dev.parley.gateway.rest.Problems;
import dev.parley.gateway.rest.RequestContext;
import dev.parley.gateway.rest.Responses;
import dev.parley.gateway.rest.SchedulingRoutes;
import dev.parley.gateway.rest.SecurityHeaders;
import dev.parley.gateway.ws.AccessRevocations;
import dev.parley.gateway.ws.AccountChanges;
import dev.parley.gateway.ws.BoardFrames;
import dev.parley.gateway.ws.CallFrames;
import dev.parley.gateway.ws.DeletedAccounts;
import dev.parley.gateway.ws.ChatFrames;
import dev.parley.gateway.ws.EventFrames;
import dev.parley.gateway.ws.LiveFrames;
import dev.parley.gateway.ws.PresenceFrames;
import dev.parley.gateway.ws.SessionPolicy;
import dev.parley.gateway.session.SessionLease;
import dev.parley.gateway.ws.RoomFrames;
import dev.parley.gateway.ws.SessionResume;
import dev.parley.gateway.ws.SocketHub;
import dev.parley.gateway.ws.SocketLimits;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.SecurityRequirement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The gateway: the only public entry (DESIGN §1, §4). Serves REST under {@code /api/v1} from the
 * OpenAPI 3.1 contract {@code openapi.yaml} (requests are validated against it before any service is
 * called), the WebSocket {@code /ws}, the JWK Set at {@code /.well-known/jwks.json}, the contract at
 * {@code /api/openapi.json}, the web client at {@code /} (third-party browser libraries from WebJars on
 * the classpath at {@code /webjars/<name>/<version>/...}), and {@code /health/live},
 * {@code /health/ready}, {@code /metrics}. Stateless apart from its open sockets.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final String WEBSOCKET_PATH = "/ws";
  /** Longer than the services' 10 s event-bus timeout, so that their own answer normally comes first. */
  private static final long REQUEST_TIMEOUT_MS = 30_000;

  private HttpServer server;
  private SocketHub hub;
  private RoomFrames roomFrames;
  private AccessRevocations revocations;
  private AccountChanges accountChanges;
  private boolean draining;
  private PresenceFrames presenceFrames;
  private SessionPolicy sessionPolicy;

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> ApiContract.load(vertx, config.publicUrl())
        .compose(contract -> {
          AuthService auth = AuthService.createProxy(vertx);
          AccessTokenVerifier verifier = new AccessTokenVerifier(config.jwtIssuer(), auth::jwks, Clock.systemUTC());
          hub = new SocketHub(vertx, verifier, config.wsAuthTimeout(), SocketLimits.of(
              config.integer(ParleyConfig.WS_FRAME_RATE), config.integer(ParleyConfig.WS_MAX_IN_FLIGHT), Meters.registry()));
          long realtime = config.integer(ParleyConfig.REALTIME_TIMEOUT_MS);
          roomFrames = new RoomFrames(vertx, Colocation.proxies(vertx, SignalingService.ADDRESS,
              address -> SignalingService.createProxyAt(vertx, address, realtime)), hub);
          roomFrames.register();
          roomFrames.startHeartbeat();
          ChatFrames chatFrames = new ChatFrames(ChatService.createProxyWithTimeout(vertx, realtime), hub);
          chatFrames.register();
          BoardFrames boardFrames = new BoardFrames(vertx, BoardService.createProxyWithTimeout(vertx, realtime), hub);
          boardFrames.register();
          new SessionResume(hub).part("rooms", roomFrames::resume).part("chat", chatFrames::resume)
              .part("board", boardFrames::resume);
          revocations = new AccessRevocations(vertx, hub);
          accountChanges = new AccountChanges(vertx, hub, verifier);
          new CallFrames(SignalingService.createProxyAt(vertx, SignalingService.ADDRESS, realtime)).register(hub);
          new EventFrames(SchedulingService.createProxy(vertx), hub).register();
          new LiveFrames(SignalingService.createProxy(vertx), hub).register();
          PresenceStore presence = new PresenceStore(Clients.redis(vertx, config), System::currentTimeMillis);
          presenceFrames = new PresenceFrames(vertx, hub, presence);
          presenceFrames.register();
          Future<Void> deletions = new DeletedAccounts(hub).register(vertx);
          if (SessionPolicy.isSingle(config.string(ParleyConfig.SESSION_POLICY))) {
            sessionPolicy = new SessionPolicy(vertx, hub, new SessionLease(Clients.redis(vertx, config)));
            sessionPolicy.register();
          }
          Router router = setupRouter(config, contract, auth, verifier, presence);
          HttpServerOptions options = new HttpServerOptions()
              .setHost(config.httpHost())
              .setPort(config.httpPort())
              .setIdleTimeout(config.integer(ParleyConfig.WS_IDLE_TIMEOUT_S))
              .setMaxWebSocketFrameSize(SocketLimits.MAX_MESSAGE_BYTES)
              .setMaxWebSocketMessageSize(SocketLimits.MAX_MESSAGE_BYTES)
              .setCompressionSupported(true);
          return Future.all(hub.start(), deletions).compose(v -> revocations.start()).compose(v -> accountChanges.start())
              .compose(v -> Drain.onDrain(vertx, this::drain))
              .compose(v -> vertx.createHttpServer(options)
                .webSocketHandshakeHandler(handshake -> {
                  if (draining) {
                    handshake.reject(503);
                  } else if (WEBSOCKET_PATH.equals(handshake.path())) {
                    handshake.accept();
                  } else {
                    handshake.reject(404);
                  }
                })
                .webSocketHandler(hub::accept)
                .invalidRequestHandler(Problems::invalidRequest)
                .requestHandler(router)
                .listen());
        })
        .onSuccess(listening -> {
          server = listening;
          LOG.info("Gateway listening on port {} (node {})", listening.actualPort(), hub.nodeId());
        }));
  }

  /**
   * The process is draining ({@link Drain}; readiness already fails): new WebSockets are refused with
   * 503 and every open one is closed with 1001 (going away), so that its client reconnects, through
   * the load balancer, to another gateway and resumes its rooms and chats there ({@code session.resume}
   * within the room grace period: nobody sees it leave). REST requests are still served until the
   * process closes.
   */
  private void drain() {
    draining = true;
    LOG.info("Gateway node {} draining: closing {} WebSockets with 1001", hub.nodeId(), hub.connectionCount());
    hub.stop();
  }

  @Override
  public Future<?> stop() {
    if (roomFrames != null) {
      roomFrames.stopHeartbeat();
    }
    if (presenceFrames != null) {
      presenceFrames.stop();
    }
    if (sessionPolicy != null) {
      sessionPolicy.stop();
    }
    Future<Void> hubStopped = hub == null ? Future.succeededFuture() : hub.stop();
    if (revocations != null) {
      hubStopped = hubStopped.eventually(revocations::stop).eventually(accountChanges::stop);
    }
    return hubStopped.eventually(() -> server == null ? Future.succeededFuture() : server.close());
  }

  /**
   * Deploys {@link ParleyConfig#GATEWAY_INSTANCES} gateways (by default one per event loop), each on
   * its own event loop with its own sockets and node id, sharing one HTTP port (Vert.x hands each new
   * connection to the next instance). With port 0 they share one random port.
   *
   * @param options carries the {@code PARLEY_*} configuration
   * @return the first instance, once all are listening
   */
  public static Future<GatewayVerticle> deploy(Vertx vertx, DeploymentOptions options) {
    ParleyConfig config = ParleyConfig.of(options.getConfig());
    int instances = config.gatewayInstances();
    JsonObject shared = options.getConfig().copy();
    if (config.httpPort() == 0 && instances > 1) {
      // Vert.x servers listening on the same negative port share one random port (vert.x#3998).
      shared.put(ParleyConfig.HTTP_PORT, -1);
    }
    List<GatewayVerticle> created = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
      GatewayVerticle gateway = new GatewayVerticle();
      created.add(gateway);
      return gateway;
    }, new DeploymentOptions(options).setConfig(shared).setInstances(instances)).map(id -> created.get(0));
  }

  /** @return the port the server listens on (useful when configured with port 0) */
  public int actualPort() {
    return server.actualPort();
  }

  /** Runs a read of the socket hub on the verticle's event loop (the hub is not thread-safe); for tests. */
  <T> Future<T> inspectHub(Function<SocketHub, T> read) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> result.complete(read.apply(hub)));
    return result.future();
  }

  private Router setupRouter(ParleyConfig config, ApiContract contract, AuthService auth, AccessTokenVerifier verifier,
                             PresenceStore presence) {
    boolean https = config.publicUrl().startsWith("https://");
    RequestContext context = new RequestContext(config.bool(ParleyConfig.TRUST_PROXY));
    Router router = Router.router(vertx);
    router.route().handler(context::handle).handler(new SecurityHeaders(https)::handle);
    List<String> origins = config.list(ParleyConfig.CORS_ORIGINS);
    if (!origins.isEmpty()) {
      router.route("/api/*").handler(CorsHandler.create()
          .addOrigins(origins)
          .allowCredentials(true)
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", RequestContext.REQUEST_ID_HEADER))
          .exposedHeaders(Set.of("Retry-After", RequestContext.REQUEST_ID_HEADER))
          .maxAgeSeconds(600));
    }

    new OpsRoutes(vertx)
        .checkCluster()
        .checkMongo(Clients.mongo(vertx, config))
        .checkRedis(Clients.redis(vertx, config))
        .checkService("auth", auth::jwks)
        .mount(router);

    router.get("/api/openapi.json").handler(rc -> Responses.json(rc, 200, contract.document()));
    router.get("/.well-known/jwks.json").handler(rc -> auth.jwks()
        .onSuccess(jwks -> {
          rc.response().putHeader("Cache-Control", "public, max-age=300");
          Responses.json(rc, 200, jwks);
        })
        .onFailure(rc::fail));

    RouterBuilder api = RouterBuilder.create(vertx, contract.contract(), RequestExtractor.withBodyHandler());
    // Operations with an OpenAPI security requirement get the access-token check as their first
    // handler; an empty alternative ({}) in the requirement makes the token optional.
    api.getRoutes().stream()
        .filter(route -> !route.getOperation().getSecurityRequirements().isEmpty())
        .forEach(route -> route.setDoSecurity(false).addHandler(new AccessTokenHandler(verifier,
            route.getOperation().getSecurityRequirements().stream().anyMatch(SecurityRequirement::isEmpty))));
    AuthRoutes authRoutes = new AuthRoutes(auth, context, https);
    authRoutes.mount(api);
    new PeopleRoutes(auth, presence, authRoutes, context).mount(api);
    GuestPasses guestPasses = new GuestPasses(verifier, https);
    new MeetingRoutes(MeetingService.createProxy(vertx), SignalingService.createProxy(vertx), context, guestPasses).mount(api);
    new ChatRoutes(ChatService.createProxy(vertx), context).mount(api);
    new SchedulingRoutes(SchedulingService.createProxy(vertx), context).mount(api);
    new AdminRoutes(AdminService.createProxy(vertx), SignalingService.createProxy(vertx), context).mount(api);
    new InvitationRoutes(InvitationService.createProxy(vertx), context).mount(api);
    new LiveRoutes(SignalingService.createProxy(vertx), context, guestPasses).mount(api);
    router.route("/api/*").handler(EarlyRefusals::wellFormedUri);
    // File uploads and downloads stream for as long as the bytes flow: ahead of the request timeout and the body handler.
    FileRoutes fileRoutes = new FileRoutes(vertx, FileService.createProxy(vertx), context, verifier);
    fileRoutes.mount(api);
    fileRoutes.mountStreams(router);
    // The catch-all: a request that no handler has answered in time gets a 503 problem, never a hang.
    router.route("/api/*").handler(TimeoutHandler.create(REQUEST_TIMEOUT_MS, 503));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.integer(ParleyConfig.BODY_LIMIT_BYTES)));
    router.route("/api/*").handler(EarlyRefusals::strictJsonBody);
    router.route("/api/v1/*").subRouter(api.createRouter());
    router.route("/api/*").handler(rc -> rc.fail(404));
    router.route("/api/*").failureHandler(Problems::handle);
    router.route("/.well-known/*").failureHandler(Problems::handle);

    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true).setMaxAgeSeconds(86_400));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    router.route().failureHandler(EarlyRefusals::plainFailure);
    // Failures the router meets before any route (e.g. a malformed percent-escape in the path) or that
    // no failure handler answered.
    for (int status : new int[] {400, 404, 405, 413, 414, 431, 500, 503}) {
      router.errorHandler(status, EarlyRefusals::routerError);
    }
    return router;
  }
}
