package dev.parley.file;

import org.apache.tika.Tika;

/**
 * The stored type of a file: what Apache Tika's magic-byte detection makes of its first bytes, never
 * the name or the type the client claimed. Unknown bytes are {@code application/octet-stream}.
 * Thread-safe; detection reads at most {@link #PREFIX_BYTES}.
 */
final class ContentSniffer {

  /** How many leading bytes detection looks at. */
  static final int PREFIX_BYTES = 64 * 1024;
  private final Tika tika = new Tika();

  /** @return a media type such as {@code application/pdf}, without parameters */
  String detect(byte[] prefix) {
    String type = tika.detect(prefix);
    return type == null ? "application/octet-stream" : type;
  }
}
