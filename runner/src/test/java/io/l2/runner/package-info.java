/**
 * Tests of the runner as a whole: the package order of its main sources ({@code PackageLayersTest}) and the README's
 * examples run as written ({@code ReadmeExamplesTest}, after {@code package}).
 */
package io.l2.runner;
