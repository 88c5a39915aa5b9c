/**
 * Tests of the HTML report: one self-contained file, its embedded data against the result, escaping of hostile
 * strings, its size for a long shoot, and {@code l2 report}.
 */
package io.l2.runner.report;
