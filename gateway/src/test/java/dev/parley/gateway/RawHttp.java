package dev.parley.gateway;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes exactly as written (no client-side escaping or limits) and reads one HTTP/1.1 answer, for
 * requests a well-behaved client would never send. Waits at most 5 s.
 */
final class RawHttp {

  record Answer(int status, String headers, String body) {
    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private RawHttp() {
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  static Answer send(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      String fullHead = head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
      out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        all.write(buffer, 0, n);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end > 0) {
          String headers = text.substring(0, end);
          String length = new Answer(0, headers, "").header("content-length");
          if (length != null && text.getBytes(StandardCharsets.UTF_8).length >= end + 4 + Integer.parseInt(length)) {
            break;
          }
        }
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new IOException("No complete answer: " + text);
      }
      String headers = text.substring(0, end);
      int status = Integer.parseInt(headers.split(" ", 3)[1]);
      return new Answer(status, headers.toLowerCase(Locale.ROOT).startsWith("http/1.1") ? headers : headers, text.substring(end + 4));
    }
  }
}
