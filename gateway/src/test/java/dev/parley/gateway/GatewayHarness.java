package dev.parley.gateway;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.parley.auth.AuthVerticle;
import dev.parley.auth.SigningKeys;
import dev.parley.chat.ChatVerticle;
import dev.parley.file.FileVerticle;
import dev.parley.meeting.MeetingVerticle;
import dev.parley.signaling.SignalingVerticle;
import dev.parley.signaling.board.BoardVerticle;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deploys the auth, meeting, signaling, chat and file services and the gateway in one Vert.x instance against the embedded stores, on a
 * random port, with a signing-key file the test can read to forge tokens. One gateway instance unless
 * a test sets {@link ParleyConfig#GATEWAY_INSTANCES} in {@link #config} before deploying.
 */
final class GatewayHarness {

  final Vertx vertx;
  final JsonObject config;
  final Path keyFile;
  GatewayVerticle gateway;
  /** The file service's deployment, for tests that stop it. */
  String fileDeployment;

  GatewayHarness(Vertx vertx, EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    this.vertx = vertx;
    this.keyFile = Files.createTempDirectory("parley-keys").resolve("jwt.json");
    SigningKeys.loadOrCreate(keyFile);
    this.config = TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.JWT_KEY_FILE, keyFile.toString())
        .put(ParleyConfig.TRUST_PROXY, true)
        .put(ParleyConfig.WS_AUTH_TIMEOUT_MS, 500)
        .put(ParleyConfig.CHAT_SEND_LIMIT, 1_000)
        .put(ParleyConfig.GATEWAY_INSTANCES, 1);
  }

  Future<GatewayHarness> deploy() {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    return vertx.deployVerticle(new AuthVerticle(), options)
        .compose(id -> vertx.deployVerticle(new MeetingVerticle(), options))
        .compose(id -> vertx.deployVerticle(new SignalingVerticle(), options))
        .compose(id -> vertx.deployVerticle(new BoardVerticle(), options))
        .compose(id -> vertx.deployVerticle(new ChatVerticle(), options))
        .compose(id -> vertx.deployVerticle(new FileVerticle(), options))
        .compose(id -> {
          fileDeployment = id;
          return GatewayVerticle.deploy(vertx, options);
        })
        .map(first -> {
          gateway = first;
          return this;
        });
  }

  int port() {
    return gateway.actualPort();
  }

  WebClient client() {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port()));
  }

  /** @return the server's private signing key, for forging tokens in tests */
  ECKey signingKey() throws Exception {
    return (ECKey) JWKSet.load(keyFile.toFile()).getKeys().get(0);
  }

  String issuer() {
    return ParleyConfig.of(config).jwtIssuer();
  }
}
