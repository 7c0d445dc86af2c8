/** Where file bytes live: one {@link dev.parley.file.store.BlobStore} interface, GridFS and S3 behind it. */
package dev.parley.file.store;
