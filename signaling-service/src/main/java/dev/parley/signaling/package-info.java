/**
 * The signaling service ({@link dev.parley.api.signaling.SignalingService}): live meeting rooms —
 * presence, WebRTC offer/answer/ICE relay, media state and host actions — with room state in Redis
 * ({@link dev.parley.signaling.RoomStore}) so that any instance serves any room.
 * {@link dev.parley.signaling.SignalingVerticle} deploys it; {@link dev.parley.signaling.Main} runs it
 * alone and clustered.
 */
package dev.parley.signaling;
