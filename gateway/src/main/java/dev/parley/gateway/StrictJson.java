package dev.parley.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON as RFC 8259 defines it, and nothing more, for everything a client sends (REST bodies and
 * WebSocket frames): UTF-8 only (§8.1; a byte-order mark or UTF-16 is refused), no comments, no
 * single quotes, no unquoted names, no trailing commas, no NaN, and no object with two members of the
 * same name (§4 leaves duplicates' meaning undefined, so Parley refuses them rather than guessing
 * which one wins). Vert.x's own codec is lenient (it allows comments), so client input is checked
 * here first.
 */
public final class StrictJson {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
      .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {
  }

  /** @return a parser of {@code text} with the rules above; duplicate names fail as they are read */
  public static JsonParser parser(String text) throws IOException {
    return FACTORY.createParser(text);
  }

  /**
   * Checks that a body is exactly one JSON value under the rules above.
   *
   * @throws DecodeException naming what is wrong, in words a client developer can act on
   */
  public static void check(Buffer body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException("The body is not UTF-8 (RFC 8259 §8.1).");
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw new DecodeException("The body starts with a byte-order mark; send UTF-8 without one (RFC 8259 §8.1).");
    }
    try (JsonParser parser = parser(text)) {
      if (parser.nextToken() == null) {
        throw new DecodeException("The body is empty.");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new DecodeException("The body holds more than one JSON value.");
      }
    } catch (IOException e) {
      throw new DecodeException("The body is not valid JSON (RFC 8259: no comments, no duplicate names): "
          + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
