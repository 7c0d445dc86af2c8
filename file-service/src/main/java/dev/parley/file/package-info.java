/**
 * File upload and download in GridFS. Filled by a later issue: nothing here runs yet.
 */
package dev.parley.file;
