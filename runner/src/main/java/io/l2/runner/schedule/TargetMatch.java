/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.util.Locale;
import java.util.regex.Pattern;

import io.l2.config.Target;

/**
 * Whether a {@code --target} pattern names a schedule's target: the host ({@code ns01e.example.net},
 * {@code 2001:db8::1}), the host and port ({@code ns01e.example.net:53}, {@code [2001:db8::1]:53}), or a glob on
 * either with {@code *} (any characters, dots included) and {@code ?} (one character), e.g.
 * {@code ns0*.example.net}. Host names compare without case. Stateless.
 */
public final class TargetMatch
{
    private TargetMatch()
    {
    }

    /**
     * @param pattern what the operator wrote.
     * @param target  a schedule's target.
     * @return true when the pattern names the target.
     */
    public static boolean matches(final String pattern, final Target target)
    {
        final String written = pattern.strip().toLowerCase(Locale.ROOT);
        final String host = target.host().toLowerCase(Locale.ROOT);
        final String authority = target.authority().toLowerCase(Locale.ROOT);
        if (written.indexOf('*') < 0 && written.indexOf('?') < 0)
        {
            return written.equals(host) || written.equals(authority) || written.equals("[" + host + "]");
        }
        final Pattern glob = glob(written);
        return glob.matcher(host).matches() || glob.matcher(authority).matches();
    }

    private static Pattern glob(final String written)
    {
        final StringBuilder regex = new StringBuilder();
        final StringBuilder literal = new StringBuilder();
        for (int i = 0; i < written.length(); i++)
        {
            final char c = written.charAt(i);
            if ('*' == c || '?' == c)
            {
                if (literal.length() > 0)
                {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append('*' == c ? ".*" : ".");
            }
            else
            {
                literal.append(c);
            }
        }
        if (literal.length() > 0)
        {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
