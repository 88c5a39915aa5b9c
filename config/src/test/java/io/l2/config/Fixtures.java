package io.l2.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test resources and assertions shared by the tests.
 */
final class Fixtures
{
    static final Path BASE_DIR = Path.of("/etc/l2");

    /**
     * The seed's l2.yaml (daemon and cluster snippets, verbatim) plus an ammo map for the seed plan's ammo name.
     */
    static final String SEED_L2_WITH_AMMO = resourceText("seed-l2.yaml") +
        "\nammo:\n  ns-cache: ammo/ns-cache.txt\n  ns64-cache: /srv/ammo/ns64-cache.txt.gz\n";

    private Fixtures()
    {
    }

    static Path resourcePath(final String name)
    {
        final URL url = Fixtures.class.getResource(name);
        if (null == url)
        {
            throw new IllegalStateException("missing test resource " + name);
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static String resourceText(final String name)
    {
        try
        {
            return Files.readString(resourcePath(name), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static L2Config seedConfig()
    {
        return ConfigLoader.parse("l2.yaml", SEED_L2_WITH_AMMO, BASE_DIR);
    }

    /**
     * Asserts the exception's position and that its reason contains the expected text, and that it is one line.
     */
    static ConfigException assertError(
        final ConfigException ex, final String expectedPosition, final String expectedReasonPart)
    {
        assertEquals(expectedPosition, ex.position().toString(), () -> "position of: " + ex.getMessage());
        assertTrue(ex.reason().contains(expectedReasonPart),
            () -> "reason '" + ex.reason() + "' should contain '" + expectedReasonPart + "'");
        assertEquals(expectedPosition + ": " + ex.reason(), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n") || ex.getMessage().contains("\r"),
            () -> "not one line: " + ex.getMessage());
        return ex;
    }

    static ConfigException configError(final String yaml)
    {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse("l2.yaml", yaml, BASE_DIR));
    }

    static ConfigException planError(final String yaml)
    {
        return assertThrows(
            ConfigException.class, () -> ConfigLoader.parsePlan("plan.yaml", yaml, BASE_DIR, seedConfig()));
    }
}
