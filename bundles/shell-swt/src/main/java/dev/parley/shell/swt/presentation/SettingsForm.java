package dev.parley.shell.swt.presentation;

import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.ProxySetting;
import dev.parley.api.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the Settings page checks and says: a bootstrap node or TCP relay as typed, the proxy
 * fields, and after saving, which changes took effect how.
 */
public final class SettingsForm {
    private SettingsForm() {
    }

    /** Feedback for the node being typed: empty when it can be added. */
    public static Optional<String> nodeProblem(String typed, List<BootstrapNode> listed) {
        return problem(typed, listed, "That node is in the list already.");
    }

    /** Feedback for the TCP relay being typed ({@code IP:PORT:KEY}, its TCP port): empty when it can be added. */
    public static Optional<String> relayProblem(String typed, List<BootstrapNode> listed) {
        return problem(typed, listed, "That relay is in the list already.");
    }

    private static Optional<String> problem(String typed, List<BootstrapNode> listed, String duplicate) {
        String problem = BootstrapNode.check(typed);
        if (problem != null) {
            return Optional.of(problem);
        }
        BootstrapNode n = BootstrapNode.parse(typed);
        for (BootstrapNode l : listed) {
            if (l.host().equalsIgnoreCase(n.host()) && l.port() == n.port()) {
                return Optional.of(duplicate);
            }
        }
        return Optional.empty();
    }

    /**
     * The settings the page's fields describe, or the first problem.
     *
     * @param proxyPort the port field as typed
     */
    public static Result build(boolean udp, boolean ipv6, boolean lan, ProxySetting.Type proxyType, String proxyHost,
            String proxyPort, List<BootstrapNode> nodes, List<BootstrapNode> relays, boolean notifications,
            String theme) {
        Optional<String> proxyProblem = ProxySetting.check(proxyType, proxyHost, proxyPort);
        if (proxyProblem.isPresent()) {
            return new Result(Optional.empty(), proxyProblem.get());
        }
        ProxySetting proxy = proxyType == ProxySetting.Type.NONE ? ProxySetting.NONE
                : new ProxySetting(proxyType, proxyHost, Integer.parseInt(proxyPort.strip()));
        return new Result(Optional.of(new Settings(udp, ipv6, lan, proxy, nodes, relays, notifications, theme)), "");
    }

    /** @param settings present when the fields are valid; @param problem else why not */
    public record Result(Optional<Settings> settings, String problem) {
    }

    /** One line saying what a save did, for the page's status line. */
    public static String effects(Settings before, Settings after) {
        List<String> network = new ArrayList<>();
        if (before.udp() != after.udp()) {
            network.add(after.udp() ? "UDP on" : "UDP off (TCP relays only)");
        }
        if (before.ipv6() != after.ipv6()) {
            network.add(after.ipv6() ? "IPv6 on" : "IPv6 off");
        }
        if (before.lanDiscovery() != after.lanDiscovery()) {
            network.add(after.lanDiscovery() ? "LAN discovery on" : "LAN discovery off");
        }
        if (!before.bootstrap().equals(after.bootstrap())) {
            network.add(after.bootstrap().size() + (after.bootstrap().size() == 1 ? " bootstrap node" : " bootstrap nodes"));
        }
        if (!before.relays().equals(after.relays())) {
            network.add(after.relays().size() + (after.relays().size() == 1 ? " TCP relay" : " TCP relays"));
        }
        List<String> parts = new ArrayList<>();
        if (!network.isEmpty()) {
            parts.add(String.join(", ", network) + ": the connection restarts now");
        }
        if (!before.proxy().equals(after.proxy())) {
            parts.add(after.proxy().type() == ProxySetting.Type.NONE ? "no proxy"
                    : "proxy " + after.proxy().type() + " " + after.proxy().host() + ":" + after.proxy().port()
                    + " stored for TCP relay connections");
        }
        if (before.notifications() != after.notifications()) {
            parts.add(after.notifications() ? "notifications on" : "notifications off");
        }
        if (!before.theme().equals(after.theme())) {
            parts.add("theme changed");
        }
        return parts.isEmpty() ? "Nothing changed." : "Saved: " + String.join("; ", parts) + ".";
    }
}
