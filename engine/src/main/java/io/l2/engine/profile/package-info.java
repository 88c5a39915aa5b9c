/**
 * Request-rate profiles: the load schedule of a shoot as a pure function of the query index.
 * <p>
 * A profile is a chain of Yandex.Tank segments ({@code const(r,dur)}, {@code line(a,b,dur)},
 * {@code step(a,b,step,dur)}) forming a piecewise-linear rate r(t) in queries per second. With
 * N(t) = &int;<sub>0</sub><sup>t</sup> r, query i is intended at the instant N first exceeds i, computed in
 * closed form (never by accumulating intervals), as in Yandex Pandora's {@code core/schedule/line.go}.
 * <ul>
 *     <li>{@link io.l2.engine.profile.RateProfileBuilder} and {@link io.l2.engine.profile.RateProfileParser}
 *     make an immutable, thread-safe {@link io.l2.engine.profile.RateProfile};</li>
 *     <li>{@link io.l2.engine.profile.RateProfile#share(int, int)} splits a total among hosts by index;</li>
 *     <li>{@link io.l2.engine.profile.ProfileCursor} is the single-thread, allocation-free view for the hot path.</li>
 * </ul>
 * Times are nanosecond offsets from the profile start; rates are whole queries per second.
 */
package io.l2.engine.profile;
