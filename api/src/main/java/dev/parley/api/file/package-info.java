/** The file service's event-bus contract: file metadata calls and the chunked transfer protocol. */
package dev.parley.api.file;
