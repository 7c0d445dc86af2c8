/** The auth service's event-bus contract: accounts, sessions (access and refresh tokens) and JWKS. */
package dev.parley.api.auth;
