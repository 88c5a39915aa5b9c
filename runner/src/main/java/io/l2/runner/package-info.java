/**
 * The {@code l2} executable: the command line, the runner that composes config, engine and transport.
 */
package io.l2.runner;
