/**
 * l2 bench module.
 */
package io.l2.bench;
