/**
 * Meeting chat and direct conversations: gap-free per-channel sequence numbers in MongoDB,
 * idempotent sends, history, unread counts, typing indicators and the send rate limit. See
 * {@link dev.parley.api.chat.ChatService} for the contract and {@link dev.parley.chat.MessageRepository}
 * for how sequences stay gap-free across instances.
 */
package dev.parley.chat;
