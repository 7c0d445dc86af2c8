package dev.parley.file.scan;

/**
 * What scanning made of a file.
 *
 * @param scan {@code unscanned} (no scanner, or clamd unreachable in fail-open mode), {@code clean} or
 *     {@code infected}
 * @param signature the name of what clamd found, for {@code infected}; otherwise {@code null}
 */
public record ScanResult(String scan, String signature) {

  public static final ScanResult UNSCANNED = new ScanResult("unscanned", null);
  public static final ScanResult CLEAN = new ScanResult("clean", null);

  public boolean infected() {
    return "infected".equals(scan);
  }
}
