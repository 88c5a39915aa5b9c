/**
 * The {@code l2} command tree (picocli): one class per leaf command, exit codes and error reporting in one place.
 */
package io.l2.runner.cli;
