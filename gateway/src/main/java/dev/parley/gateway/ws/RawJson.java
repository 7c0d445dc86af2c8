package dev.parley.gateway.ws;

/**
 * A JSON object a client sent that the gateway passes on as the text it arrived in, without building
 * it into a tree: the {@code payload} of a {@code room.signal} (see {@link FrameReader}). The text is
 * exactly one well-formed JSON object (RFC 8259), as the parser that cut it out checked.
 *
 * @param text the object's JSON text, from its opening to its closing brace
 */
public record RawJson(String text) {
}
