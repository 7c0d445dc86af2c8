/** The whiteboard's event-bus contract: ops ordered and persisted per meeting, snapshots, live strokes. */
package dev.parley.api.board;
