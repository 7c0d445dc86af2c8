package dev.parley.gateway.ws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parley.api.JsonObjectText;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import dev.parley.gateway.StrictJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a client's frame (DESIGN §4) into a {@link JsonObject} with the same value types as
 * {@code new JsonObject(text)}, but under {@link StrictJson}'s rules (no comments, no duplicate names:
 * a frame breaking them is refused as malformed), with one exception that saves the relay most
 * of its parsing: in a {@code room.signal} frame whose {@code type} comes before its {@code data}
 * (as every Parley client writes it), {@code data.payload}, when it is an object, is not built into a
 * tree but kept as its text, a {@link JsonObjectText} (its tokens checked on the way, as for every
 * other value). The signaling service never reads a session description or ICE candidate; it checks
 * the payload's size and relays its text as it came.
 *
 * <p>A {@link JsonObject} that holds a {@link JsonObjectText} cannot be encoded by Vert.x; only a
 * signal's {@code data} holds one, and only {@code RoomFrames} reads it.
 */
final class FrameReader {

  static final String SIGNAL_TYPE = "room.signal";

  private FrameReader() {
  }

  /**
   * @return the frame; {@code data.payload} is a {@link JsonObjectText} in the case described above
   * @throws DecodeException when the text is not exactly one JSON object
   */
  static JsonObject read(String text) {
    try (JsonParser parser = StrictJson.parser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("A frame must be a JSON object.");
      }
      Map<String, Object> frame = object(parser, (fields, name) -> frameField(parser, text, fields, name));
      if (parser.nextToken() != null) {
        throw new DecodeException("Unexpected text after the frame.");
      }
      return new JsonObject(frame);
    } catch (IOException e) {
      throw new DecodeException(e.getMessage(), e);
    }
  }

  /** Reads the value of one field, the parser on its first token, knowing the fields read before it. */
  @FunctionalInterface
  private interface FieldReader {
    Object read(Map<String, Object> fieldsSoFar, String name) throws IOException;
  }

  /** Reads the fields of the object whose opening brace is the parser's current token. */
  private static Map<String, Object> object(JsonParser parser, FieldReader reader) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      object.put(name, reader.read(object, name));
    }
    return object;
  }

  /** A field of the frame: a signal's {@code data} keeps an object {@code payload} as text. */
  private static Object frameField(JsonParser parser, String text, Map<String, Object> frame, String name)
      throws IOException {
    boolean signalData = "data".equals(name) && SIGNAL_TYPE.equals(frame.get("type"))
        && parser.currentToken() == JsonToken.START_OBJECT;
    return signalData ? object(parser, (data, field) -> signalField(parser, text, field)) : value(parser);
  }

  /** A field of a signal's {@code data}. */
  private static Object signalField(JsonParser parser, String text, String name) throws IOException {
    return "payload".equals(name) && parser.currentToken() == JsonToken.START_OBJECT
        ? JsonObjectText.read(parser, text)
        : value(parser);
  }

  /** The value at the parser's current token, as Vert.x's own codec builds it. */
  private static Object value(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        return object(parser, (fields, name) -> value(parser));
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new DecodeException("Unexpected token " + parser.currentToken());
    }
  }
}
