/**
 * The shared whiteboard of each meeting (issue 15): ops validated ({@link dev.parley.signaling.board.Ops},
 * {@link dev.parley.signaling.board.Elements}), appended to a gap-free log shared with chat's technique
 * ({@link dev.parley.common.log.OrderedLog}), applied to a deterministic model
 * ({@link dev.parley.signaling.board.BoardState}) and published to the room.
 */
package dev.parley.signaling.board;
