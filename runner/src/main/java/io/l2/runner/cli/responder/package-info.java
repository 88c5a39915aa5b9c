/**
 * {@code l2 responder}: l2's embedded DNS responder as a command.
 */
package io.l2.runner.cli.responder;
