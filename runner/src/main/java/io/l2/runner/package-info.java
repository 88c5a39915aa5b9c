/**
 * l2 runner module.
 */
package io.l2.runner;
