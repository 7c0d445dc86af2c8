package dev.parley.signaling.board;

import dev.parley.api.Addresses;
import dev.parley.api.board.BoardService;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;

import java.time.Clock;

/**
 * Deploys the whiteboard ({@link BoardService} on {@link BoardService#ADDRESS}) once the indexes of
 * {@code board_ops} exist. Membership comes from the meeting service; access notices
 * ({@link Addresses#ACCESS_REVOKED}) drop cached answers at once and delete the board of a deleted
 * meeting. Deploy one instance per process (beside the signaling instances): any number of processes
 * may share one database, their appends stay gap-free ({@link BoardStore}).
 * Settings: {@code PARLEY_BOARD_OP_RATE} (ops a second per person, 60), {@code PARLEY_BOARD_SNAPSHOT_EVERY}
 * (ops between snapshots, 200).
 */
public final class BoardVerticle extends VerticleBase {

  private MessageConsumer<JsonObject> binding;
  private MessageConsumer<JsonObject> revocations;

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> {
      BoardStore store = new BoardStore(Clients.mongo(vertx, config));
      return store.createIndexes().compose(ready -> {
        Clock clock = Clock.systemUTC();
        BoardServiceImpl service = new BoardServiceImpl(new BoardAccess(MeetingService.createProxy(vertx), clock),
            new Boards(store, config.integer(ParleyConfig.BOARD_SNAPSHOT_EVERY)), store,
            new OpRateLimit(config.integer(ParleyConfig.BOARD_OP_RATE)), vertx.eventBus(), clock);
        revocations = vertx.eventBus().consumer(Addresses.ACCESS_REVOKED, notice -> service.revoke(AccessNotice.of(notice.body())));
        binding = new ServiceBinder(vertx).setAddress(BoardService.ADDRESS).register(BoardService.class, service);
        return Future.all(binding.completion(), revocations.completion());
      });
    });
  }

  @Override
  public Future<?> stop() {
    return Future.all(binding == null ? Future.succeededFuture() : binding.unregister(),
        revocations == null ? Future.succeededFuture() : revocations.unregister());
  }
}
