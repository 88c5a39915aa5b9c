/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.util.List;
import java.util.Map;

/**
 * Reads a JSON tree (maps, lists, numbers, strings) that l2 wrote: a missing number is 0, a missing object or list
 * is empty. A value of the wrong kind throws {@link IllegalArgumentException} naming the key. Stateless.
 */
final class Maps
{
    private Maps()
    {
    }

    static long number(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        if (null == value)
        {
            return 0;
        }
        if (value instanceof Number number)
        {
            return number.longValue();
        }
        throw new IllegalArgumentException("'" + key + "' is not a number: " + value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        if (null == value)
        {
            return Map.of();
        }
        if (value instanceof Map<?, ?>)
        {
            return (Map<String, Object>)value;
        }
        throw new IllegalArgumentException("'" + key + "' is not an object");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        if (null == value)
        {
            return List.of();
        }
        if (value instanceof List<?> list)
        {
            for (final Object item : list)
            {
                if (!(item instanceof Map<?, ?>))
                {
                    throw new IllegalArgumentException("'" + key + "' holds something other than objects");
                }
            }
            return (List<Map<String, Object>>)value;
        }
        throw new IllegalArgumentException("'" + key + "' is not a list");
    }

    static String string(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        return null == value ? "" : value.toString();
    }
}
