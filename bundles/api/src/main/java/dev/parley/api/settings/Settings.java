package dev.parley.api.settings;

import java.util.List;

/**
 * The settings of one profile.
 *
 * @param udp use UDP (off: TCP relays only)
 * @param ipv6 use IPv6 besides IPv4
 * @param lanDiscovery look for peers on the local network (broadcasts); off unless chosen
 * @param proxy the proxy for TCP connections
 * @param bootstrap the nodes the DHT joins through; none means Parley contacts no one by itself
 * @param relays TCP relays ({@code IP:PORT:KEY}, the relay's TCP port and DHT key) the Messenger
 *     keeps connected: friends are reached through them where UDP does not get through, and with
 *     UDP off they are the only path (since 0.2.0)
 * @param notifications notify (tray balloon) when a message or request arrives while the window is
 *     not focused; the unread count in the title is always shown
 * @param theme the look: {@link #THEME_AUTOMATIC}, {@link #THEME_BUILT_IN}, or a theme's id
 */
public record Settings(boolean udp, boolean ipv6, boolean lanDiscovery, ProxySetting proxy,
                       List<BootstrapNode> bootstrap, List<BootstrapNode> relays, boolean notifications,
                       String theme) {

    /** The installed theme add-on with the highest ranking, else the shell's own look. */
    public static final String THEME_AUTOMATIC = "automatic";
    /** The shell's own look, even while theme add-ons are installed. */
    public static final String THEME_BUILT_IN = "built-in";

    public Settings {
        proxy = proxy == null ? ProxySetting.NONE : proxy;
        bootstrap = List.copyOf(bootstrap == null ? List.of() : bootstrap);
        relays = List.copyOf(relays == null ? List.of() : relays);
        theme = theme == null || theme.isBlank() ? THEME_AUTOMATIC : theme.strip();
    }

    /** Settings without TCP relays (the 0.1.0 form). */
    public Settings(boolean udp, boolean ipv6, boolean lanDiscovery, ProxySetting proxy, List<BootstrapNode> bootstrap,
            boolean notifications, String theme) {
        this(udp, ipv6, lanDiscovery, proxy, bootstrap, List.of(), notifications, theme);
    }

    /** UDP and IPv6 on, no LAN discovery, no proxy, no bootstrap nodes or relays, notifications on, automatic theme. */
    public static Settings defaults() {
        return new Settings(true, true, false, ProxySetting.NONE, List.of(), List.of(), true, THEME_AUTOMATIC);
    }

    public Settings withUdp(boolean v) {
        return new Settings(v, ipv6, lanDiscovery, proxy, bootstrap, relays, notifications, theme);
    }

    public Settings withIpv6(boolean v) {
        return new Settings(udp, v, lanDiscovery, proxy, bootstrap, relays, notifications, theme);
    }

    public Settings withLanDiscovery(boolean v) {
        return new Settings(udp, ipv6, v, proxy, bootstrap, relays, notifications, theme);
    }

    public Settings withProxy(ProxySetting v) {
        return new Settings(udp, ipv6, lanDiscovery, v, bootstrap, relays, notifications, theme);
    }

    public Settings withBootstrap(List<BootstrapNode> v) {
        return new Settings(udp, ipv6, lanDiscovery, proxy, v, relays, notifications, theme);
    }

    /** @since 0.2.0 */
    public Settings withRelays(List<BootstrapNode> v) {
        return new Settings(udp, ipv6, lanDiscovery, proxy, bootstrap, v, notifications, theme);
    }

    public Settings withNotifications(boolean v) {
        return new Settings(udp, ipv6, lanDiscovery, proxy, bootstrap, relays, v, theme);
    }

    public Settings withTheme(String v) {
        return new Settings(udp, ipv6, lanDiscovery, proxy, bootstrap, relays, notifications, v);
    }
}
