/**
 * {@code l2 schedule list} and {@code l2 schedule fire}.
 */
package io.l2.runner.cli.schedule;
