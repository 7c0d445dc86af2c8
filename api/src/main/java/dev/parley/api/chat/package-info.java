/** The chat service's event-bus contract: meeting chat and direct conversations. */
package dev.parley.api.chat;
