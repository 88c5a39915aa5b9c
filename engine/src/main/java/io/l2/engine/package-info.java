/**
 * l2 engine module.
 */
package io.l2.engine;
