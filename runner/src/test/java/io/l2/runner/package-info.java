/**
 * Tests of the runner as a whole: the package order of its main sources ({@code PackageLayersTest}).
 */
package io.l2.runner;
