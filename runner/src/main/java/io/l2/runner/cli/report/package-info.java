/**
 * {@code l2 report}: regenerates the HTML report of a past shoot.
 */
package io.l2.runner.cli.report;
