package dev.parley.file;

import dev.parley.file.store.S3Store;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the S3 client from {@code PARLEY_S3_*}: the SDK's URL-connection HTTP client (its Netty client
 * does not work with Vert.x 5's Netty 4.2), path-style addressing when asked (MinIO, S3Mock), checksums
 * only where an operation requires them (not every S3-compatible store supports the SDK's newer default
 * ones), and a worker pool of its own so blocking calls never reach an event loop.
 */
final class S3Clients {

  /** Worker threads for S3 calls: each running upload or download holds one only during a call. */
  static final int WORKERS = 16;

  record Built(S3Store store, Runnable close) {
  }

  private S3Clients() {
  }

  static Built create(Vertx vertx, FileSettings.S3 settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60)))
        .region(Region.of(settings.region()))
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(settings.accessKey() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    S3Client client = builder.build();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("parley-file-s3", WORKERS);
    return new Built(new S3Store(vertx, client, settings.bucket(), workers), () -> {
      client.close();
      workers.close();
    });
  }
}
