/** Who may use a file space, and signed download links. */
package dev.parley.file.access;
