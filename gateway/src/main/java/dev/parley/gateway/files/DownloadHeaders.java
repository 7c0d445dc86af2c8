package dev.parley.gateway.files;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a download safe to open (DESIGN §5): every file is sent with
 * {@code X-Content-Type-Options: nosniff}, {@code Content-Security-Policy: sandbox} (a document opened
 * from here runs no script and has an opaque origin) and {@code Cross-Origin-Resource-Policy:
 * same-origin}; it is an {@code attachment} unless the caller asks for {@code inline} and its sniffed
 * type is a raster image (PNG, JPEG, GIF, WebP — never SVG) or a PDF. Other types are sent as
 * {@code application/octet-stream}. The name goes out per RFC 6266: an ASCII fallback in
 * {@code filename} and the UTF-8 name in {@code filename*} (RFC 8187).
 */
final class DownloadHeaders {

  /** Types shown inline when asked for: they cannot run script in a browser. */
  static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf");
  static final String CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'";
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d{0,18})-(\\d{0,18})$");

  private DownloadHeaders() {
  }

  /** Writes the headers every download carries (status and length are the caller's). */
  static void apply(HttpServerResponse response, JsonObject file, boolean inlineAsked) {
    String type = file.getString("type", "application/octet-stream");
    boolean inline = inlineAsked && INLINE_TYPES.contains(type);
    response.putHeader("Content-Type", inline ? type : "application/octet-stream")
        .putHeader("Content-Disposition", disposition(inline ? "inline" : "attachment", file.getString("name", "file")))
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("Cross-Origin-Resource-Policy", "same-origin")
        .putHeader("Cache-Control", "private, no-cache")
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("ETag", etag(file));
  }

  /** @return the strong entity tag: the file's SHA-256 in quotes */
  static String etag(JsonObject file) {
    return "\"" + file.getString("sha256") + "\"";
  }

  /** @return {@code <kind>; filename="<ascii>"; filename*=UTF-8''<percent-encoded>} */
  static String disposition(String kind, String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%' ? (char) cp : '_'));
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  /**
   * Parses a single byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) into the file
   * service's request fields. Anything else (several ranges, other units, malformed) is ignored, as
   * RFC 9110 allows: the whole file is sent.
   *
   * @return {@code {"start", "end"}} or {@code {"suffix"}}, or an empty object for the whole file
   */
  static JsonObject range(String header) {
    JsonObject request = new JsonObject();
    if (header == null) {
      return request;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
      return request;
    }
    if (m.group(1).isEmpty()) {
      return request.put("suffix", Long.parseLong(m.group(2)));
    }
    long start = Long.parseLong(m.group(1));
    Long end = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
    if (end != null && end < start) {
      return request;
    }
    return request.put("start", start).put("end", end);
  }
}
