/**
 * The inventory as the runner sees it: host patterns ({@code --limit}) in Ansible's grammar and host listings.
 */
package io.l2.runner.inventory;
