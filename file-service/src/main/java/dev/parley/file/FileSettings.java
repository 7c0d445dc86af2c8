package dev.parley.file;

import dev.parley.common.config.ParleyConfig;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The file service's {@code PARLEY_*} settings (the README lists them), read from the loaded
 * {@link ParleyConfig}; each has a default suited to a laptop.
 *
 * @param maxBytes largest file, bytes ({@code PARLEY_FILE_MAX_BYTES}, 100 MiB)
 * @param quotaBytes most bytes of files per meeting or conversation ({@code PARLEY_FILE_QUOTA_BYTES}, 2 GiB)
 * @param linkSecret key of signed download links ({@code PARLEY_FILE_LINK_SECRET}; random per process
 *     when unset, which suits one file-service instance)
 * @param linkTtlSeconds lifetime of a signed link ({@code PARLEY_FILE_LINK_TTL_S}, 300, at most 300)
 * @param s3 the S3 settings, or {@code null} for GridFS (S3 is chosen by setting {@code PARLEY_S3_BUCKET})
 * @param clamd the scanner settings, or {@code null} when {@code PARLEY_CLAMD_HOST} is unset
 */
public record FileSettings(long maxBytes, long quotaBytes, byte[] linkSecret, int linkTtlSeconds, S3 s3, Clamd clamd) {

  public static final String MAX_BYTES = "PARLEY_FILE_MAX_BYTES";
  public static final String QUOTA_BYTES = "PARLEY_FILE_QUOTA_BYTES";
  public static final String LINK_SECRET = "PARLEY_FILE_LINK_SECRET";
  public static final String LINK_TTL_S = "PARLEY_FILE_LINK_TTL_S";
  public static final String S3_ENDPOINT = "PARLEY_S3_ENDPOINT";
  public static final String S3_BUCKET = "PARLEY_S3_BUCKET";
  public static final String S3_REGION = "PARLEY_S3_REGION";
  public static final String S3_ACCESS_KEY = "PARLEY_S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY = "PARLEY_S3_SECRET_KEY";
  public static final String S3_PATH_STYLE = "PARLEY_S3_PATH_STYLE";
  public static final String CLAMD_HOST = "PARLEY_CLAMD_HOST";
  public static final String CLAMD_PORT = "PARLEY_CLAMD_PORT";
  public static final String CLAMD_MODE = "PARLEY_CLAMD_MODE";

  /**
   * @param endpoint e.g. {@code http://minio:9000}; {@code null} for AWS's own endpoint of the region
   * @param accessKey with {@code secretKey}; {@code null} for the SDK's default credential chain
   */
  public record S3(String endpoint, String bucket, String region, String accessKey, String secretKey, boolean pathStyle) {
  }

  /** @param failOpen {@code PARLEY_CLAMD_MODE=fail-open}: accept files unscanned while clamd is unreachable */
  public record Clamd(String host, int port, boolean failOpen) {
  }

  /** Reads the settings; fails naming the key when a value is malformed. */
  public static FileSettings from(ParleyConfig config) {
    S3 s3 = config.string(S3_BUCKET) == null ? null : new S3(config.string(S3_ENDPOINT), config.string(S3_BUCKET),
        orDefault(config.string(S3_REGION), "us-east-1"), config.string(S3_ACCESS_KEY), config.string(S3_SECRET_KEY),
        config.bool(S3_PATH_STYLE));
    Clamd clamd = null;
    if (config.string(CLAMD_HOST) != null) {
      String mode = orDefault(config.string(CLAMD_MODE), "required");
      if (!mode.equals("required") && !mode.equals("fail-open")) {
        throw new IllegalStateException(CLAMD_MODE + " must be required or fail-open, got '" + mode + "'");
      }
      clamd = new Clamd(config.string(CLAMD_HOST), (int) longValue(config, CLAMD_PORT, 3310), mode.equals("fail-open"));
    }
    String secret = config.string(LINK_SECRET);
    byte[] key = secret == null ? random() : secret.getBytes(StandardCharsets.UTF_8);
    int ttl = (int) Math.min(300, Math.max(1, longValue(config, LINK_TTL_S, 300)));
    return new FileSettings(longValue(config, MAX_BYTES, 100L << 20), longValue(config, QUOTA_BYTES, 2L << 30), key, ttl, s3, clamd);
  }

  private static long longValue(ParleyConfig config, String key, long fallback) {
    String text = config.string(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(key + " must be a whole number, got '" + text + "'", e);
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static byte[] random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** @return {@code PARLEY_S3_*} keys for an S3-compatible endpoint with path-style addressing (tests, benches) */
  public static JsonObject s3Config(String endpoint, String bucket, String accessKey, String secretKey) {
    return new JsonObject().put(S3_ENDPOINT, endpoint).put(S3_BUCKET, bucket).put(S3_ACCESS_KEY, accessKey)
        .put(S3_SECRET_KEY, secretKey).put(S3_PATH_STYLE, true);
  }
}
