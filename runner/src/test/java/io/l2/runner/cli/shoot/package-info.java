/**
 * Tests of {@code l2 shoot}, run in-process through picocli with captured output.
 */
package io.l2.runner.cli.shoot;
