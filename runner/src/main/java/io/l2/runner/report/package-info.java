/**
 * {@code report.html}: one self-contained page per shoot (inline CSS and JavaScript, uPlot inlined from its webjar,
 * the data embedded as JSON), with charts over time and the plan, the recap and the totals as tables; and how a
 * results folder or a queue directory is turned back into one; the page of {@code l2 compare} overlaying shoots
 * ({@link io.l2.runner.report.CompareReport}) and the checks of its {@code --fail-if}
 * ({@link io.l2.runner.report.RegressionCheck}).
 */
package io.l2.runner.report;
