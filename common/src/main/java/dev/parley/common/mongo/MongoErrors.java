package dev.parley.common.mongo;

import com.mongodb.MongoException;

/** Recognises MongoDB failures by their server error code, never by their text. */
public final class MongoErrors {

  /** E11000: a unique index already holds the value (MongoDB server error codes). */
  public static final int DUPLICATE_KEY = 11000;

  private MongoErrors() {
  }

  /** @return whether the failure, or one of its causes, is a unique-index violation */
  public static boolean isDuplicateKey(Throwable err) {
    for (Throwable cause = err; cause != null; cause = cause.getCause()) {
      if (cause instanceof MongoException mongoError && mongoError.getCode() == DUPLICATE_KEY) {
        return true;
      }
    }
    return false;
  }
}
