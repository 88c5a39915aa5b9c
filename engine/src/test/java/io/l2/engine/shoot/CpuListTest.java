/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuListTest
{
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = ';', value = {
        "0; 0; 1", "3; 3; 1", "0-3; 0-3; 4", "0,2,4-7; 0,2,4-7; 6", "5,1,3-4,2; 1-5; 5", "1,1,1; 1; 1",
        "' 0 , 2 '; 0,2; 2", "1023; 1023; 1", "2-2; 2; 1" })
    void shouldReadCpusAndRangesAndWriteTheShortestForm(final String text, final String shortest, final int size)
    {
        final CpuList cpus = CpuList.parse(text);
        assertEquals(shortest, cpus.toString());
        assertEquals(size, cpus.size());
        assertEquals(CpuList.parse(shortest), cpus);
    }

    @Test
    void shouldListCpusInAscendingOrder()
    {
        final CpuList cpus = CpuList.parse("6,0-1");
        assertEquals(0, cpus.cpu(0));
        assertEquals(1, cpus.cpu(1));
        assertEquals(6, cpus.cpu(2));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = ';', value = {
        "''; expected CPU numbers and ranges such as 0,2-3, got nothing",
        "a; 'a' in 'a' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)",
        "1024; '1024' in '1024' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)",
        "-1; '' in '-1' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)",
        "0,,1; '' in '0,,1' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)",
        "3-1; '3-1' in '3-1' is a range that ends before it starts",
        "0-; '' in '0-' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)",
        "1-2-3; '2-3' in '1-2-3' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)",
        "99999; '99999' in '99999' is not a CPU number 0..1023 (expected numbers and ranges such as 0,2-3)" })
    void shouldRefuseWhatIsNotACpuListInOneLine(final String text, final String message)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CpuList.parse(text)).getMessage());
    }
}
