package dev.parley.standalone;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of one captured mail as the dev mailbox shows them: the first {@code text/plain} part, the
 * first {@code text/html} part, and every other leaf part (calendar invitations, files) as an
 * attachment with its name, content type and bytes.
 *
 * @param text the plain-text part, or empty
 * @param html the HTML part, or null
 * @param attachments the other parts, in the order they appear
 */
record MailParts(String text, String html, List<Attachment> attachments) {

  /** A part to download. */
  record Attachment(String name, String contentType, byte[] bytes) {
  }

  /** @return the parts of the message (or part), walking nested multiparts depth first */
  static MailParts of(Part message) throws Exception {
    List<Part> leaves = new ArrayList<>();
    collect(message, leaves);
    String text = null;
    String html = null;
    List<Attachment> attachments = new ArrayList<>();
    for (Part leaf : leaves) {
      boolean named = leaf.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(leaf.getDisposition());
      if (!named && text == null && leaf.isMimeType("text/plain")) {
        text = string(leaf);
      } else if (!named && html == null && leaf.isMimeType("text/html")) {
        html = string(leaf);
      } else {
        attachments.add(new Attachment(name(leaf, attachments.size()), leaf.getContentType(), bytes(leaf)));
      }
    }
    return new MailParts(text == null ? "" : text, html, attachments);
  }

  private static void collect(Part part, List<Part> leaves) throws Exception {
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, leaves);
      }
    } else {
      leaves.add(part);
    }
  }

  private static String name(Part part, int index) throws Exception {
    if (part.getFileName() != null) {
      return part.getFileName();
    }
    String type = part.getContentType().toLowerCase(Locale.ROOT);
    return "part-" + (index + 1) + (type.startsWith("text/calendar") ? ".ics" : ".bin");
  }

  private static String string(Part part) throws Exception {
    Object content = part.getContent();
    return content instanceof String text ? text : new String(bytes(part), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Part part) throws Exception {
    Object content = part.getContent();
    if (content instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try (InputStream in = part.getInputStream()) {
      return in.readAllBytes();
    }
  }
}
