/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.PrintWriter;
import java.util.Locale;

import io.l2.config.AutostopCriterion;
import io.l2.config.ShootPlan;
import io.l2.engine.profile.RateProfile;
import io.l2.runner.base.Durations;
import io.l2.runner.results.Autostop;

/**
 * Prints what a shoot would do, without doing it: the resolved plan and every host's share.
 */
public final class DryRunPrinter
{
    private DryRunPrinter()
    {
    }

    /**
     * @param setup the resolved shoot.
     * @param out   where to print.
     */
    public static void print(final ShootSetup setup, final PrintWriter out)
    {
        final ShootPlan plan = setup.plan();
        final RateProfile profile = setup.profile();
        final int hostCount = setup.hosts().size();

        out.println("DRY RUN: nothing is sent");
        row(out, "shoot id", setup.shootId());
        row(out, "description", plan.description().isEmpty() ? "-" : plan.description());
        row(out, "config", null == setup.config().source() ?
            "embedded default (no l2.yaml found)" : setup.config().source().toString());
        row(out, "plan", String.valueOf(plan.source()));
        row(out, "target", plan.target().host() + ":" + plan.target().port() + " -> " +
            setup.target().getAddress().getHostAddress() + " port " + setup.target().getPort() +
            " (" + TransportText.describe(plan.transport(), plan.target()) + "; address pinned for the whole shoot)");
        row(out, "ammo", (plan.ammo().named() ? plan.ammo().written() + " -> " : "") + plan.ammo().file() + " (" +
            setup.ammo().count() + " queries, sha256 " + setup.ammo().sha256().substring(0, 16) + ")");
        final String split = hostCount > 1 ? ", split across " + hostCount + " hosts" : "";
        row(out, "profile", profile.describe() + (plan.perHost() ? ", for each host" : ", total for the set" + split));
        row(out, "duration", Durations.format(profile.durationNs()));
        row(out, "queries", setup.totalQueries() + " in all");
        row(out, "mode", plan.mode().name().toLowerCase(Locale.ROOT) + ", " + plan.instances() +
            " workers per host, timeout " + Durations.format(plan.timeoutNs()) + ", late=" +
            plan.late().name().toLowerCase(Locale.ROOT) + ", edns " + (plan.edns().enabled() ?
            "udp-size " + plan.edns().udpSize() + (plan.edns().dnssecOk() ? " do" : "") : "off"));
        row(out, "set", setup.set().name() + " (" + hostCount + " of " + setup.set().hosts().size() + " hosts)");
        if (plan.autostop().isEmpty())
        {
            row(out, "autostop", "none (the profile runs to its end)");
        }
        for (final AutostopCriterion criterion : plan.autostop())
        {
            row(out, "autostop", criterion.text() + ": " + Autostop.describe(criterion));
        }
        out.println();

        int hostWidth = "HOST".length();
        int dcWidth = "DC".length();
        for (final HostShare host : setup.hosts())
        {
            hostWidth = Math.max(hostWidth, host.host().length());
            dcWidth = Math.max(dcWidth, host.datacenter().length());
        }
        final String format = "%-" + dcWidth + "s  %-" + hostWidth + "s  %10s  %8s  %12s  %12s  %s%n";
        out.printf(Locale.ROOT, format, "DC", "HOST", "QUERIES", "AMMO@", "FIRST", "LAST", "RPS");
        for (final HostShare host : setup.hosts())
        {
            final RateProfile share = host.profile();
            final long count = share.totalCount();
            out.printf(
                Locale.ROOT,
                format,
                host.datacenter(),
                host.host(),
                count,
                host.ammoOffset(),
                0 == count ? "-" : Durations.instant(share.intendedTimeNs(0)),
                0 == count ? "-" : Durations.instant(share.intendedTimeNs(count - 1)),
                rates(share));
        }
        out.flush();
    }

    private static String rates(final RateProfile share)
    {
        final double first = share.rateAt(0);
        final double last = share.rateAt(Math.max(0, share.durationNs() - 1));
        final String from = String.format(Locale.ROOT, "%.0f", first);
        final String to = String.format(Locale.ROOT, "%.0f", last);
        return from.equals(to) ? from : from + " -> " + to;
    }

    private static void row(final PrintWriter out, final String name, final String value)
    {
        out.printf(Locale.ROOT, "%-12s %s%n", name, value);
    }
}
