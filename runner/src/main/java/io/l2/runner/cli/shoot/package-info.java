/**
 * {@code l2 shoot}: fire a shoot plan at a target from every host of a set.
 */
package io.l2.runner.cli.shoot;
