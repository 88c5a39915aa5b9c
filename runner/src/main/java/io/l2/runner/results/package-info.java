/**
 * What a shoot leaves behind: the results folder ({@code shoot.json}, {@code result.json}, {@code seconds.csv}, the
 * plan as given), the JSON form of a result, and the summary printed for people.
 */
package io.l2.runner.results;
