/**
 * {@code l2 compare}: overlays past shoots on one page, and gates a build on the candidate against the baseline.
 */
package io.l2.runner.cli.compare;
