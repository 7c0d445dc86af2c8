/**
 * Parley's event-bus contracts: service-proxy interfaces, their data objects, event-bus addresses
 * and failure codes. Other JVM services compile against this module only.
 */
@ModuleGen(name = "parley-api", groupPackage = "dev.parley.api")
package dev.parley.api;

import io.vertx.codegen.annotations.ModuleGen;
