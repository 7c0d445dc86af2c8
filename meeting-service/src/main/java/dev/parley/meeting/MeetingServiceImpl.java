package dev.parley.meeting;

import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;

import dev.parley.api.Caller;
import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Audit;
import dev.parley.common.DisplayNames;
import dev.parley.meeting.invitation.MeetingListener;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The meeting service: see {@link MeetingService} for the JSON shapes, limits and failure codes.
 *
 * <p>Who may do what (DESIGN §5): an account creates meetings and becomes their host; members read a
 * meeting, a guest only the meeting its token names; only the host changes or deletes it; whoever
 * holds the join code joins, accounts as participants and named guests when the meeting allows them.
 * Callers who may not see a meeting are told it does not exist ({@code NOT_FOUND}), so that a
 * meeting id reveals nothing. The participant limit, the lobby and removals are enforced by the
 * signaling service when people enter the live room; here they are only stored.
 */
final class MeetingServiceImpl implements MeetingService {

  private static final Logger LOG = LoggerFactory.getLogger(MeetingServiceImpl.class);

  static final int MAX_PAGE_SIZE = 100;
  /** A clash of two ~79-bit codes is all but impossible; retrying covers it without looping forever. */
  private static final int JOIN_CODE_ATTEMPTS = 3;

  private static final String NO_SUCH_MEETING = "No such meeting.";
  private static final String NO_SUCH_LINK = "No meeting has this link.";
  private static final String REMOVED = "You were removed from this meeting.";

  private final MeetingRepository meetings;
  private final MemberRepository members;
  private final JoinCodes joinCodes;
  private final GuestJoins guests;
  private final String publicUrl;
  private final Clock clock;
  private final EventBus bus;
  private final Audit audit;
  private final MeetingListener listener;

  /**
   * @param bus where {@link AccessNotice}s are published
   * @param auth issues guest tokens
   * @param publicUrl the public base URL without a trailing slash; join links are
   *     {@code <publicUrl>/#/join/<joinCode>}
   * @param listener told of changes, ends and deletions (invitations keep calendars in step)
   */
  MeetingServiceImpl(MeetingRepository meetings, MemberRepository members, JoinCodes joinCodes, AuthService auth,
                     String publicUrl, Clock clock, EventBus bus, MeetingListener listener) {
    this.meetings = meetings;
    this.members = members;
    this.joinCodes = joinCodes;
    this.guests = new GuestJoins(members, auth, clock);
    this.publicUrl = publicUrl;
    this.clock = clock;
    this.bus = bus;
    this.audit = new Audit(bus);
    this.listener = listener;
  }

  @Override
  public Future<JsonObject> create(JsonObject draft, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to create a meeting."));
    }
    JsonObject fields;
    try {
      fields = MeetingFields.draft(draft);
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
    String meetingId = UUID.randomUUID().toString();
    String hostId = caller.getUserId();
    Instant now = now();
    return insertWithFreshCode(meetingId, fields, hostId, now, JOIN_CODE_ATTEMPTS)
        .compose(meeting -> members.insert(meetingId, hostId, MemberRepository.HOST, caller.getDisplayName(), now)
            // Without its host a meeting could never be reached again: take it back.
            .recover(err -> meetings.delete(meetingId).transform(undone -> Future.failedFuture(err)))
            .map(host -> meetingJson(meeting, MemberRepository.HOST)))
        .onSuccess(meeting -> LOG.info("Meeting {} created by {} (correlation {})", meetingId, hostId,
            caller.getCorrelationId()));
  }

  @Override
  public Future<JsonObject> listMine(int page, int size, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to see your meetings."));
    }
    if (page < 1) {
      return Future.failedFuture(fieldError("page", "page counts from 1."));
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      return Future.failedFuture(fieldError("size", "size must be from 1 to " + MAX_PAGE_SIZE + "."));
    }
    long skip = (long) (page - 1) * size;
    if (skip > Integer.MAX_VALUE) {
      return Future.failedFuture(fieldError("page", "page is beyond the last meeting."));
    }
    String userId = caller.getUserId();
    Future<List<JsonObject>> memberships = members.listByMember(userId, (int) skip, size);
    Future<Long> total = members.countByMember(userId);
    return Future.all(memberships, total)
        .compose(both -> meetings.findByIds(memberships.result().stream().map(m -> m.getString("meetingId")).toList()))
        .map(found -> {
          Map<String, JsonObject> byId = found.stream().collect(Collectors.toMap(m -> m.getString("_id"), Function.identity()));
          JsonArray items = new JsonArray();
          for (JsonObject membership : memberships.result()) {
            // A meeting deleted between the two reads is left out.
            JsonObject meeting = byId.get(membership.getString("meetingId"));
            if (meeting != null) {
              items.add(meetingJson(meeting, membership.getString("role")));
            }
          }
          return new JsonObject().put("items", items).put("page", page).put("size", size).put("total", total.result());
        });
  }

  @Override
  public Future<JsonObject> get(String meetingId, Caller caller) {
    return membership(meetingId, caller).compose(member -> meetings.findById(meetingId).compose(meeting -> meeting == null
        ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_MEETING))
        : Future.succeededFuture(meetingJson(meeting, member.getString("role")))));
  }

  @Override
  public Future<JsonObject> update(String meetingId, JsonObject changes, Caller caller) {
    return hostOf(meetingId, caller, "Only the host can change this meeting.").compose(host -> {
      JsonObject set;
      try {
        set = MeetingFields.changes(changes);
      } catch (ServiceException invalid) {
        return Future.failedFuture(invalid);
      }
      // Changes that change nothing leave updatedAt alone.
      return meetings.findById(meetingId).compose(before -> {
        if (before == null) {
          return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_MEETING));
        }
        Future<JsonObject> changed = set.isEmpty() ? Future.succeededFuture(before) : meetings.update(meetingId, set, now());
        return changed.compose(meeting -> {
          if (meeting == null) {
            return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_MEETING));
          }
          JsonObject after = meetingJson(meeting, MemberRepository.HOST);
          listener.changed(meetingJson(before, MemberRepository.HOST), after);
          return Future.succeededFuture(after);
        });
      });
    });
  }

  @Override
  public Future<Void> delete(String meetingId, Caller caller) {
    return hostOf(meetingId, caller, "Only the host can delete this meeting.")
        .compose(host -> meetings.findById(meetingId))
        .compose(meeting -> meetings.delete(meetingId)
            .compose(deleted -> members.deleteByMeeting(meetingId))
            .onSuccess(v -> {
              if (meeting != null) {
                listener.deleted(meetingJson(meeting, MemberRepository.HOST));
              }
            }))
        .onSuccess(v -> {
          LOG.info("Meeting {} deleted by {} (correlation {})", meetingId, caller.getUserId(), caller.getCorrelationId());
          revoke(new AccessNotice(meetingId, AccessNotice.EVERYONE, null));
        });
  }

  @Override
  public Future<JsonObject> summaries(List<String> meetingIds, Caller caller) {
    if (caller == null || !Caller.ROLE_ADMIN.equals(caller.getRole()) || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only administrators can do this."));
    }
    List<String> ids = meetingIds == null ? List.of() : meetingIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
    if (ids.size() > MAX_PAGE_SIZE) {
      return Future.failedFuture(fieldError("meetingIds", "Ask for at most " + MAX_PAGE_SIZE + " meetings at once."));
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("items", new JsonArray()));
    }
    return meetings.findByIds(ids).map(found -> new JsonObject().put("items", new JsonArray(found.stream()
        .map(doc -> new JsonObject().put("id", doc.getString("_id")).put("title", doc.getString(MeetingFields.TITLE))
            .put("hostId", doc.getString("hostId")).put("status", doc.getString("status")))
        .toList())));
  }

  @Override
  public Future<JsonObject> end(String meetingId, Caller caller) {
    // An admin ends any meeting (DESIGN §5: admin checks on the token's role) and sees it without a role.
    boolean admin = caller != null && caller.isAccount() && Caller.ROLE_ADMIN.equals(caller.getRole());
    Future<String> role = admin ? Future.succeededFuture(null) : membership(meetingId, caller).compose(member -> {
      String memberRole = member.getString("role");
      return MemberRepository.HOST.equals(memberRole) || MemberRepository.CO_HOST.equals(memberRole)
          ? Future.succeededFuture(memberRole)
          : Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only the host and co-hosts can end this meeting."));
    });
    Instant now = now();
    return role.compose(seenAs -> meetings.end(meetingId, now).compose(meeting -> {
          if (meeting == null) {
            return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_MEETING));
          }
          JsonObject ended = meetingJson(meeting, seenAs);
          // endedAt keeps the first end: only that one is news.
          if (now.equals(MongoDates.read(meeting, "endedAt"))) {
            listener.ended(ended);
          }
          return Future.succeededFuture(ended);
        }))
        .onSuccess(meeting -> {
          LOG.info("Meeting {} ended by {} (correlation {})", meetingId, caller.getUserId(), caller.getCorrelationId());
          revoke(new AccessNotice(meetingId, AccessNotice.GUESTS, null));
        });
  }

  @Override
  public Future<Void> removeMember(String meetingId, String memberId, Caller caller) {
    return membership(meetingId, caller).compose(actor -> {
      String role = actor.getString("role");
      if (!MemberRepository.HOST.equals(role) && !MemberRepository.CO_HOST.equals(role)) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only the host and co-hosts can remove people."));
      }
      if (memberId == null || memberId.isBlank() || memberId.length() > 64) {
        return Future.failedFuture(fieldError("participantId", "Name the person to remove."));
      }
      if (memberId.equals(actor.getString("memberId"))) {
        return Future.failedFuture(fieldError("participantId", "You cannot remove yourself; leave the meeting instead."));
      }
      return members.find(meetingId, memberId).compose(target -> target != null && MemberRepository.HOST.equals(target.getString("role"))
          ? Future.failedFuture(ErrorCode.FORBIDDEN.exception("The host cannot be removed from their meeting."))
          : members.remove(meetingId, memberId, now()));
    }).onSuccess(v -> {
      LOG.info("{} removed {} from meeting {} (correlation {})", caller.getUserId(), memberId, meetingId,
          caller.getCorrelationId());
      audit.record(caller, "participant.removed", meetingId, new JsonObject().put("participantId", memberId));
      revoke(new AccessNotice(meetingId, AccessNotice.MEMBER, memberId));
    });
  }

  /** Tells every instance at once that access went away (DESIGN §3), so that no cache prolongs it. */
  private void revoke(AccessNotice notice) {
    bus.publish(Addresses.ACCESS_REVOKED, notice.toJson());
  }

  @Override
  public Future<JsonObject> join(String joinCode, String displayName, Caller caller) {
    String code = JoinCodes.normalise(joinCode);
    if (code == null) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_LINK));
    }
    return meetings.findByJoinCode(code).compose(meeting -> {
      if (meeting == null) {
        return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_LINK));
      }
      if (MeetingRepository.STATUS_ENDED.equals(meeting.getString("status"))) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("This meeting has ended."));
      }
      return caller != null && caller.isAccount()
          ? joinAsAccount(meeting, caller)
          : joinAsGuest(meeting, displayName, caller);
    });
  }

  @Override
  public Future<JsonObject> preview(String joinCode, Caller caller) {
    String code = JoinCodes.normalise(joinCode);
    if (code == null) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_LINK));
    }
    return meetings.findByJoinCode(code).compose(meeting -> {
      if (meeting == null) {
        return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_LINK));
      }
      String meetingId = meeting.getString("_id");
      JsonObject preview = new JsonObject().put("meetingId", meetingId)
          .put("title", meeting.getString(MeetingFields.TITLE)).put("status", meeting.getString("status"));
      if (!GuestJoins.isGuestOf(meetingId, caller)) {
        return Future.succeededFuture(preview);
      }
      // A returning guest learns the name they will come back with, or that they were removed.
      return members.find(meetingId, caller.getUserId()).map(member -> preview.put("guest", new JsonObject()
          .put("displayName", member != null ? member.getString("displayName") : caller.getDisplayName())
          .put("removed", member != null && MemberRepository.REMOVED.equals(member.getString("role")))));
    });
  }

  private Future<JsonObject> joinAsAccount(JsonObject meeting, Caller caller) {
    return members.admit(meeting.getString("_id"), caller.getUserId(), MemberRepository.PARTICIPANT,
            caller.getDisplayName(), now())
        .compose(member -> MemberRepository.REMOVED.equals(member.getString("role"))
            ? Future.failedFuture(ErrorCode.FORBIDDEN.exception(REMOVED))
            : Future.succeededFuture(joined(meeting, member)));
  }

  private Future<JsonObject> joinAsGuest(JsonObject meeting, String displayName, Caller caller) {
    return guests.join(meeting, displayName, caller).map(member -> joined(meeting, member)
        .put("guestToken", member.getString("guestToken")).put("guestPass", member.getString("guestPass")));
  }

  private JsonObject joined(JsonObject meeting, JsonObject member) {
    String role = member.getString("role");
    return new JsonObject()
        .put("meeting", meetingJson(meeting, role))
        .put("role", role)
        .put("participantId", member.getString("memberId"));
  }

  /**
   * @return the caller's membership of the meeting; {@code UNAUTHORIZED} for a caller who is neither
   *     an account nor a guest, {@code NOT_FOUND} when the meeting does not exist or the caller is not
   *     one of its members (a guest is a member of at most the meeting its token names),
   *     {@code FORBIDDEN} ("You were removed from this meeting.") when a host removed the caller
   */
  private Future<JsonObject> membership(String meetingId, Caller caller) {
    String memberId = memberIdOf(caller);
    if (memberId == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in, or join the meeting by its link."));
    }
    if (meetingId == null || meetingId.isBlank()
        || (Caller.ROLE_GUEST.equals(caller.getRole()) && !meetingId.equals(caller.getMeetingId()))) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_MEETING));
    }
    return members.find(meetingId, memberId).compose(member -> member == null
        ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_MEETING))
        // Someone a host removed is no longer a member, and is told why (they knew the meeting already).
        : MemberRepository.REMOVED.equals(member.getString("role"))
        ? Future.failedFuture(ErrorCode.FORBIDDEN.exception(REMOVED))
        : Future.succeededFuture(member));
  }

  /** @return the host's membership; {@code FORBIDDEN} with the message for other members */
  private Future<JsonObject> hostOf(String meetingId, Caller caller, String forbidden) {
    return membership(meetingId, caller).compose(member -> MemberRepository.HOST.equals(member.getString("role"))
        ? Future.succeededFuture(member)
        : Future.failedFuture(ErrorCode.FORBIDDEN.exception(forbidden)));
  }

  /** @return the id the caller is a member under: an account's user id, a guest's guest id, else null */
  private static String memberIdOf(Caller caller) {
    if (caller == null || caller.getUserId() == null) {
      return null;
    }
    if (caller.isAccount() || (Caller.ROLE_GUEST.equals(caller.getRole()) && caller.getMeetingId() != null)) {
      return caller.getUserId();
    }
    return null;
  }

  /** @return the meeting as {@link MeetingService} describes it, with the caller's role */
  private JsonObject meetingJson(JsonObject doc, String role) {
    JsonObject settings = doc.getJsonObject(MeetingFields.SETTINGS, new JsonObject());
    Instant scheduledStart = MongoDates.read(doc, MeetingFields.SCHEDULED_START);
    String joinCode = doc.getString("joinCode");
    return new JsonObject()
        .put("id", doc.getString("_id"))
        .put("title", doc.getString(MeetingFields.TITLE))
        .put("description", doc.getString(MeetingFields.DESCRIPTION, ""))
        .put("scheduledStart", scheduledStart == null ? null : scheduledStart.toString())
        .put(MeetingFields.STARTS_AT, scheduledStart == null ? null : scheduledStart.toString())
        .put(MeetingFields.DURATION_MINUTES, doc.getInteger(MeetingFields.DURATION_MINUTES))
        .put("settings", new JsonObject()
            .put(MeetingFields.GUESTS_ALLOWED, settings.getBoolean(MeetingFields.GUESTS_ALLOWED))
            .put(MeetingFields.LOBBY, settings.getBoolean(MeetingFields.LOBBY))
            .put(MeetingFields.PARTICIPANT_LIMIT, settings.getInteger(MeetingFields.PARTICIPANT_LIMIT)))
        .put("hostId", doc.getString("hostId"))
        .put("joinCode", joinCode)
        .put("joinUrl", publicUrl + "/#/join/" + joinCode)
        .put("status", doc.getString("status"))
        .put("createdAt", MongoDates.read(doc, "createdAt").toString())
        .put("updatedAt", MongoDates.read(doc, "updatedAt").toString())
        .put("role", role);
  }

  private Future<JsonObject> insertWithFreshCode(String meetingId, JsonObject fields, String hostId, Instant now,
                                                 int attemptsLeft) {
    return meetings.insert(meetingId, fields, hostId, joinCodes.next(), now)
        .recover(err -> MongoErrors.isDuplicateKey(err) && attemptsLeft > 1
            ? insertWithFreshCode(meetingId, fields, hostId, now, attemptsLeft - 1)
            : Future.failedFuture(err));
  }

  /** @return the time now, to the millisecond MongoDB keeps, so that answers match what is stored */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static ServiceException fieldError(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }

  @Override
  public Future<JsonObject> contacts(Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to see the people you meet."));
    }
    return members.coMembers(caller.getUserId(), 200, 1_000)
        .map(ids -> new JsonObject().put("userIds", new JsonArray(ids)));
  }
}
