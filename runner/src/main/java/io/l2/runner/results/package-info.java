/**
 * What a shoot leaves behind: the results folder ({@code shoot.json}, {@code result.json}, {@code seconds.csv}, the
 * plan as given; {@code report.html} is the report package's), the JSON form of a result, and the summary printed
 * for people; the plan's autostop criteria checked on the merged seconds ({@link io.l2.runner.results.Autostop}) and
 * what stopped a shoot ({@link io.l2.runner.results.AutostopTrigger}).
 */
package io.l2.runner.results;
