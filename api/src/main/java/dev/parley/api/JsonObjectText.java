package dev.parley.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.shareddata.Shareable;

import java.io.IOException;

/**
 * The text of exactly one well-formed JSON object (RFC 8259 §4), from its opening to its closing
 * brace, within Vert.x's JSON parser limits (nesting depth, string and number lengths). Only the two
 * factories make one, and both check the text with the parser, so a holder can splice it into other
 * JSON text — a relayed WebRTC session description or ICE candidate inside the recipient's frame —
 * without checking it again and without building it into a tree.
 *
 * <p>Immutable and {@link Shareable}: a {@code JsonObject} holding one can be copied (the copy holds
 * the same instance), but not encoded by Vert.x.
 */
public final class JsonObjectText implements Shareable {

  private final String text;

  private JsonObjectText(String text) {
    this.text = text;
  }

  /**
   * Checks a text by reading its tokens without building values.
   *
   * @return the checked text; surrounding whitespace is kept
   * @throws DecodeException when the text is not exactly one JSON object (another value, unfinished or
   *     extra text, an invalid token, nesting past the parser's limit)
   */
  public static JsonObjectText of(String text) {
    try (JsonParser parser = JacksonCodec.createParser(text)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        parser.skipChildren();
        if (parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null) {
          return new JsonObjectText(text);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("Not one JSON object: " + e.getMessage());
    }
    throw new DecodeException("Not one JSON object.");
  }

  /**
   * Cuts an object out of the text a parser is reading, checking its tokens on the way: the parser
   * moves past the object's closing brace, as {@link JsonParser#skipChildren()} does.
   *
   * @param parser a parser created over {@code source} by {@link JacksonCodec#createParser(String)},
   *     on the object's {@link JsonToken#START_OBJECT}
   * @param source the whole text the parser reads
   * @throws IOException when the object is malformed (the parser's exception)
   * @throws IllegalStateException when the parser is not on an object's opening brace
   */
  public static JsonObjectText read(JsonParser parser, String source) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException("The parser is not at the start of an object but at " + parser.currentToken());
    }
    int start = (int) parser.currentTokenLocation().getCharOffset();
    parser.skipChildren();
    int end = (int) parser.currentLocation().getCharOffset();
    return new JsonObjectText(source.substring(start, end));
  }

  /** @return the object's JSON text */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonObjectText that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
