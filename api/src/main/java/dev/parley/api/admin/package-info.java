/** The administration contract: accounts as an admin sees them, the audit log, account notices. */
package dev.parley.api.admin;
