/**
 * l2 config module.
 */
package io.l2.config;
