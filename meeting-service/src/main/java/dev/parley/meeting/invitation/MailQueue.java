package dev.parley.meeting.invitation;

import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of invitation mails ({@code invitation_mails}): a mail is stored first and sent afterwards,
 * so that a request never waits for SMTP and no mail is lost when the server is down. Document:
 * {@code {_id, invitationId, meetingId, kind: invite|update|cancel, to, subject, text, html, ics (or
 * null), method, state: queued|sent|failed, attempts, due: {$date}, lastError, createdAt}}.
 *
 * <p>Every instance scans for due mails every few hundred milliseconds (and at once after an enqueue)
 * and sends one only after claiming it with a conditional update that pushes {@code due} a lease into
 * the future ({@code {_id, state: queued, due ≤ now}} → {@code due = now + lease, attempts + 1}): one
 * instance wins each attempt, and a mail whose sender died is claimed again when the lease runs out.
 * A failed attempt is retried after {@code retry × 2^(attempts − 1)} (at most 15 minutes); a permanent
 * SMTP refusal (5xx) or the last allowed attempt marks it {@code failed}, and an invitation mail's
 * outcome is written to its invitation ({@link InvitationRepository#delivered}), never dropped.
 */
final class MailQueue {

  private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);
  static final String COLLECTION = "invitation_mails";
  static final String INVITE = "invite";
  static final String UPDATE = "update";
  static final String CANCEL = "cancel";
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
  private static final int BATCH = 20;

  /** A mail to store: {@code ics} and {@code method} are null for mails without a calendar part. */
  record Mail(String invitationId, String meetingId, String kind, String to, String subject, String text, String html,
              String ics, String method) {
  }

  private final Vertx vertx;
  private final MongoClient mongo;
  private final MailClient mail;
  private final String from;
  private final InvitationRepository invitations;
  private final Clock clock;
  private final Duration retry;
  private final int maxAttempts;
  private long timer = -1;
  private boolean scanning;
  private boolean again;

  /**
   * @param retry the wait after the first failed attempt; it doubles with each further one
   * @param maxAttempts attempts before a mail counts as failed
   */
  MailQueue(Vertx vertx, MongoClient mongo, MailClient mail, String from, InvitationRepository invitations, Clock clock,
            Duration retry, int maxAttempts) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.mail = mail;
    this.from = from;
    this.invitations = invitations;
    this.clock = clock;
    this.retry = retry;
    this.maxAttempts = maxAttempts;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("state", 1).put("due", 1),
        new IndexOptions().name("state_due"));
  }

  /** @param periodMillis how often to look for due mails */
  void start(long periodMillis) {
    timer = vertx.setPeriodic(periodMillis, id -> kick());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Stores the mails (due now) and starts sending them. */
  Future<Void> enqueue(List<Mail> mails) {
    if (mails.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return Future.all(mails.stream().map(m -> mongo.insert(COLLECTION, new JsonObject()
            .put("_id", UUID.randomUUID().toString())
            .put("invitationId", m.invitationId()).put("meetingId", m.meetingId()).put("kind", m.kind())
            .put("to", m.to()).put("subject", m.subject()).put("text", m.text()).put("html", m.html())
            .put("ics", m.ics()).put("method", m.method())
            .put("state", "queued").put("attempts", 0).put("due", MongoDates.of(now)).put("createdAt", MongoDates.of(now))))
            .toList())
        .<Void>mapEmpty()
        .onSuccess(v -> kick());
  }

  /**
   * Drops the invitations and updates of the meeting that are still queued (it was just cancelled);
   * cancellations stay.
   */
  Future<Void> dropQueued(String meetingId) {
    return mongo.removeDocuments(COLLECTION, new JsonObject().put("meetingId", meetingId).put("state", "queued")
        .put("kind", new JsonObject().put("$ne", CANCEL))).mapEmpty();
  }

  /** Drops the queued mails of one invitation (it was revoked). */
  Future<Void> dropQueuedOf(String invitationId) {
    return mongo.removeDocuments(COLLECTION, new JsonObject().put("invitationId", invitationId).put("state", "queued"))
        .mapEmpty();
  }

  /** Sends what is due now; a kick during a scan runs one more scan after it. */
  void kick() {
    if (scanning) {
      again = true;
      return;
    }
    scanning = true;
    again = false;
    scan().onComplete(done -> {
      scanning = false;
      if (again) {
        kick();
      }
    });
  }

  private Future<Void> scan() {
    Instant now = clock.instant();
    JsonObject due = new JsonObject().put("state", "queued").put("due", new JsonObject().put("$lte", MongoDates.of(now)));
    return mongo.findWithOptions(COLLECTION, due, new FindOptions().setLimit(BATCH).setSort(new JsonObject().put("due", 1)))
        .compose(found -> Future.join(found.stream().map(doc -> claim(doc.getString("_id"), now).compose(this::send)).toList()))
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("Invitation mail scan failed", err));
  }

  /** @return the claimed mail, or null when another instance (or an earlier scan) has it */
  private Future<JsonObject> claim(String id, Instant now) {
    JsonObject filter = new JsonObject().put("_id", id).put("state", "queued")
        .put("due", new JsonObject().put("$lte", MongoDates.of(now)));
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("due", MongoDates.of(now.plus(LEASE))))
        .put("$inc", new JsonObject().put("attempts", 1));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  private Future<Void> send(JsonObject doc) {
    if (doc == null) {
      return Future.succeededFuture();
    }
    MailMessage message = new MailMessage().setFrom(from).setTo(doc.getString("to")).setSubject(doc.getString("subject"))
        .setText(doc.getString("text")).setHtml(doc.getString("html"));
    if (doc.getString("ics") != null) {
      message.setAttachment(List.of(MailAttachment.create()
          .setName("invite.ics")
          .setContentType("text/calendar; charset=UTF-8; method=" + doc.getString("method"))
          .setData(Buffer.buffer(doc.getString("ics")))));
    }
    return mail.sendMail(message)
        .compose(sent -> outcome(doc, "sent", null, null))
        .recover(err -> failed(doc, err));
  }

  private Future<Void> failed(JsonObject doc, Throwable err) {
    int attempts = doc.getInteger("attempts");
    boolean permanent = err instanceof SMTPException smtp && smtp.isPermanent();
    if (permanent || attempts >= maxAttempts) {
      LOG.warn("Invitation mail {} to meeting {} failed for good after {} attempts: {}", doc.getString("_id"),
          doc.getString("meetingId"), attempts, err.getMessage());
      return outcome(doc, "failed", null, err.getMessage());
    }
    Duration wait = backoff(attempts);
    LOG.info("Invitation mail {} not sent (attempt {}), retrying in {} ms: {}", doc.getString("_id"), attempts,
        wait.toMillis(), err.getMessage());
    return outcome(doc, "queued", clock.instant().plus(wait), err.getMessage());
  }

  /** @return the wait after the given number of failed attempts */
  Duration backoff(int attempts) {
    long factor = 1L << Math.min(attempts - 1, 20);
    Duration wait = retry.multipliedBy(factor);
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private Future<Void> outcome(JsonObject doc, String state, Instant due, String error) {
    JsonObject set = new JsonObject().put("state", state).put("lastError", error);
    if (due != null) {
      set.put("due", MongoDates.of(due));
    }
    int attempts = doc.getInteger("attempts");
    Future<Void> stored = mongo.updateCollection(COLLECTION, new JsonObject().put("_id", doc.getString("_id")),
        new JsonObject().put("$set", set)).mapEmpty();
    if (!INVITE.equals(doc.getString("kind"))) {
      return stored;
    }
    String invitationId = doc.getString("invitationId");
    return stored.compose(v -> "queued".equals(state)
        ? invitations.attempted(invitationId, attempts)
        : invitations.delivered(invitationId, "sent".equals(state) ? InvitationRepository.SENT : InvitationRepository.FAILED,
            attempts, clock.instant()));
  }

}
