/**
 * What a shoot leaves behind: the results folder ({@code shoot.json}, {@code result.json}, {@code seconds.csv}, the
 * plan as given; {@code report.html} is the report package's), the JSON form of a result, and the summary printed
 * for people.
 */
package io.l2.runner.results;
