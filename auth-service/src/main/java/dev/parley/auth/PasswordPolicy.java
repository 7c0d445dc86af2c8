package dev.parley.auth;

import com.nulabinc.zxcvbn.StandardDictionaries;
import dev.parley.api.ErrorCode;
import io.vertx.serviceproxy.ServiceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The password rules, after NIST SP 800-63B §5.1.1.2: at least {@value #MIN_LENGTH} characters, at
 * most {@value #MAX_LENGTH}, not the account's own email, and not one of the 30,000 most common
 * passwords (the frequency list zxcvbn ships, compared case-insensitively). No composition rules.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 256;

  private final Map<String, Integer> common;

  PasswordPolicy() {
    try {
      common = StandardDictionaries.PASSWORDS_LOADER.load().getRankedDictionary();
    } catch (IOException e) {
      throw new UncheckedIOException("The common-password list did not load", e);
    }
  }

  /**
   * @param password the candidate
   * @param email the account's normalised email
   * @return {@code null} when acceptable, otherwise a {@link ErrorCode#WEAK_PASSWORD} exception whose
   *     message names the rule broken
   */
  ServiceException check(String password, String email) {
    if (password == null) {
      return ErrorCode.WEAK_PASSWORD.exception("A password is required.");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return ErrorCode.WEAK_PASSWORD.exception("The password must be at least " + MIN_LENGTH + " characters long.");
    }
    if (length > MAX_LENGTH) {
      return ErrorCode.WEAK_PASSWORD.exception("The password must be at most " + MAX_LENGTH + " characters long.");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (lower.equals(email)) {
      return ErrorCode.WEAK_PASSWORD.exception("The password must not be your email address.");
    }
    if (common.containsKey(lower)) {
      return ErrorCode.WEAK_PASSWORD.exception("This password is too common; choose one that is harder to guess.");
    }
    return null;
  }
}
