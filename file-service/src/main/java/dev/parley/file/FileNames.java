package dev.parley.file;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Makes a client's file name safe to store and to send back in {@code Content-Disposition}: only the
 * last path segment is kept (no {@code /} or {@code \}), control and format characters (among them the
 * bidi overrides U+202A–U+202E and U+2066–U+2069 that disguise {@code exe} as {@code txt}) are removed
 * (white space of any kind becomes a space),
 * characters Windows forbids become {@code _}, leading dots and surrounding blanks go, and the name is
 * cut to {@value #MAX_BYTES} bytes of UTF-8 keeping its extension. Text stays Unicode (NFC), so
 * {@code Übung 1.pdf} stays as it is. A name with nothing left becomes {@code file}.
 */
final class FileNames {

  static final int MAX_BYTES = 255;
  private static final int MAX_EXTENSION = 16;

  private FileNames() {
  }

  static String sanitise(String name) {
    String text = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC);
    int slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
    String base = text.substring(slash + 1);
    StringBuilder clean = new StringBuilder(Math.min(base.length(), 1024));
    base.codePoints().forEach(cp -> {
      if (Character.isWhitespace(cp)) {
        clean.append(' ');
        return;
      }
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        return;
      }
      clean.appendCodePoint("<>:\"|?*".indexOf(cp) >= 0 ? '_' : cp);
    });
    String result = clean.toString().strip().replaceFirst("^[.\\s]+", "").replaceFirst("[.\\s]+$", "");
    result = truncate(result);
    return result.isEmpty() ? "file" : result;
  }

  /** Cuts to {@link #MAX_BYTES} bytes of UTF-8 at a code point boundary, keeping a short extension. */
  private static String truncate(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
    String stem = extension.isEmpty() ? name : name.substring(0, dot);
    int budget = MAX_BYTES - extension.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < stem.length(); ) {
      int cp = stem.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > budget) {
        break;
      }
      cut.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return cut.toString().strip() + extension;
  }
}
