/**
 * The file service: files shared in meetings and conversations. Metadata in the {@code files}
 * collection, bytes in GridFS or S3 ({@code store}), transfers as event-bus chunks ({@code transfer}),
 * access and signed links ({@code access}), optional ClamAV scanning ({@code scan}).
 */
package dev.parley.file;
