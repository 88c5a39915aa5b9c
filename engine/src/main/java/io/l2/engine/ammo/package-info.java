/**
 * Ammo: the queries a shoot sends, read from a dnsperf query file and encoded once into off-heap memory.
 * <p>
 * {@link io.l2.engine.ammo.AmmoLoader} reads the file (one {@code name type} per line, {@code ;} or {@code #}
 * comments, optionally gzipped) on the cold path and reports the first bad line as {@code file:line:column: reason}.
 * {@link io.l2.engine.ammo.AmmoTable} holds every query pre-encoded with id 0 in one buffer; a shooter copies a
 * query (or sends it in place) and only stamps the id. A table is immutable once built and may be read by any number
 * of threads; it owns its native memory until {@link io.l2.engine.ammo.AmmoTable#close()}.
 */
package io.l2.engine.ammo;
