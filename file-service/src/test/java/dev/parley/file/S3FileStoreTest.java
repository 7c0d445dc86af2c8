package dev.parley.file;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * The store contract on S3: Adobe S3Mock (a real S3-compatible server, its executable jar copied by
 * Maven into {@code target/s3mock}) started by this test on a random loopback port.
 */
@DisplayName("Files in S3-compatible storage")
class S3FileStoreTest extends FileStoreContract {

  private S3Mock server;
  private S3Client client;

  @Override
  JsonObject storeConfig() throws Exception {
    server = S3Mock.start("parley-files");
    client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
        .endpointOverride(URI.create(server.endpoint())).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    return FileSettings.s3Config(server.endpoint(), "parley-files", "test", "test");
  }

  @Override
  long blobCount() {
    long objects = client.listObjectsV2(b -> b.bucket("parley-files")).keyCount();
    long uploads = client.listMultipartUploads(b -> b.bucket("parley-files")).uploads().size();
    return objects + uploads;
  }

  @AfterAll
  void stopServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
