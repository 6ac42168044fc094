package dev.parley.shell.swt.internal;

import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.ProxySetting;
import dev.parley.api.settings.Settings;
import dev.parley.api.settings.SettingsService;
import dev.parley.shell.swt.presentation.SettingsForm;
import dev.parley.shell.swt.presentation.ThemeChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * Settings of the open profile: network (UDP, IPv6, LAN discovery), proxy, bootstrap nodes, TCP
 * relays, notifications and theme. Save stores them through the {@link SettingsService} (off the user
 * interface thread) and says what took effect.
 */
final class SettingsPanel {
    private final Theme theme;
    private final Services services;
    private final ThemeChoice themes;
    private final Consumer<Settings> saved;
    private final Composite root;
    private final ScrolledComposite scroll;
    private final Composite page;
    private final Button udp;
    private final Button ipv6;
    private final Button lan;
    private final Combo proxyType;
    private final Text proxyHost;
    private final Text proxyPort;
    private final NodeEditor nodes;
    private final NodeEditor relays;
    private final Button notifications;
    private final Combo themeCombo;
    private final Button save;
    private final Label status;
    private List<ThemeChoice.Option> themeOptions = List.of();

    SettingsPanel(Composite parent, Theme theme, Services services, ThemeChoice themes, Consumer<Settings> saved) {
        this.theme = theme;
        this.services = services;
        this.themes = themes;
        this.saved = saved;
        // the page scrolls; Save and what it did stay in view below it
        root = new Composite(parent, SWT.NONE);
        root.setBackground(theme.chatBackground);
        root.setLayout(Ui.grid(1, 0, 0));
        scroll = new ScrolledComposite(root, SWT.V_SCROLL);
        scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        scroll.setBackground(theme.chatBackground);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        page = new Composite(scroll, SWT.NONE);
        page.setBackground(theme.chatBackground);
        page.setLayout(Ui.grid(1, 28, 8));
        scroll.setContent(page);
        Ui.id(page, "settings");
        heading("Settings", theme.title);
        note("Saved for this profile and applied at once; network changes reconnect within seconds.");

        section("Network");
        udp = check("Use UDP (off: connect through TCP relays only)", "settings.udp");
        ipv6 = check("Use IPv6 as well as IPv4", "settings.ipv6");
        lan = check("LAN discovery: find Tox peers on this local network (sends broadcasts)", "settings.lan");

        section("Proxy");
        Composite proxyRow = row(4);
        proxyType = Ui.id(new Combo(proxyRow, SWT.READ_ONLY), "settings.proxy.type");
        proxyType.setItems("No proxy", "HTTP", "SOCKS5");
        proxyType.setFont(theme.normal);
        proxyHost = Ui.field(proxyRow, theme, 0, "Host", "settings.proxy.host");
        Label colon = Ui.label(proxyRow, ":", theme, theme.normal, theme.secondary);
        colon.setBackground(theme.chatBackground);
        proxyPort = Ui.field(proxyRow, theme, 0, "Port", "settings.proxy.port");
        ((GridData) proxyPort.getLayoutData()).widthHint = 80;
        ((GridData) proxyPort.getLayoutData()).grabExcessHorizontalSpace = false;
        proxyType.addListener(SWT.Selection, e -> proxyFields());
        note("Used by TCP relay connections; UDP does not go through a proxy.");

        section("Bootstrap nodes");
        note("The DHT joins the network through these. Parley contacts no one until you add one.");
        nodes = new NodeEditor("settings.nodes", "settings.node", "IP:PORT:KEY, e.g. 192.0.2.7:33445:F404AB…",
                SettingsForm::nodeProblem, "✓ Valid node");

        section("TCP relays");
        note("Where UDP is blocked, friends are reached through these: the relay's IP, its TCP port and its "
                + "key. With UDP off they are the only way; the bootstrap nodes then serve for onion paths.");
        relays = new NodeEditor("settings.relays", "settings.relay", "IP:PORT:KEY, e.g. 192.0.2.7:3389:F404AB…",
                SettingsForm::relayProblem, "✓ Valid relay");

        section("Notifications and look");
        notifications = check("Notify me of messages and requests while the window is in the background",
                "settings.notifications");
        Composite themeRow = row(2);
        Ui.label(themeRow, "Theme", theme, theme.normal, theme.text).setBackground(theme.chatBackground);
        themeCombo = Ui.id(new Combo(themeRow, SWT.READ_ONLY), "settings.theme");
        themeCombo.setFont(theme.normal);
        themeCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        Composite actions = new Composite(root, SWT.NONE);
        actions.setBackground(theme.chatBackground);
        actions.setLayoutData(new GridData(SWT.FILL, SWT.END, true, false));
        var actionsLayout = Ui.grid(2, 28, 8);
        actionsLayout.marginHeight = 12;
        actions.setLayout(actionsLayout);
        actions.addPaintListener(e -> {
            e.gc.setForeground(theme.border);
            e.gc.drawLine(0, 0, actions.getClientArea().width, 0);
        });
        save = Ui.button(actions, "Save", theme, "settings.save", true);
        save.addListener(SWT.Selection, e -> save());
        status = Ui.id(Ui.label(actions, " ", theme, theme.normal, theme.secondary), "settings.status");
        status.setBackground(theme.chatBackground);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        scroll.addListener(SWT.Resize, e -> resize());
    }

    private void resize() {
        int width = scroll.getClientArea().width;
        scroll.setMinSize(page.computeSize(width, SWT.DEFAULT));
    }

    private Label heading(String text, org.eclipse.swt.graphics.Font font) {
        return Ui.pageLabel(page, theme, text, font, theme.text);
    }

    private void section(String text) {
        Label l = heading(text, theme.bold);
        ((GridData) l.getLayoutData()).verticalIndent = 10;
    }

    private void note(String text) {
        Label l = Ui.label(page, text, theme, theme.small, theme.secondary);
        l.setBackground(theme.chatBackground);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 520;
        l.setLayoutData(d);
    }

    private Button check(String text, String id) {
        Button b = Ui.id(new Button(page, SWT.CHECK), id);
        b.setText(text);
        b.setFont(theme.normal);
        b.setBackground(theme.chatBackground);
        b.setForeground(theme.text);
        return b;
    }

    private Composite row(int columns) {
        return Ui.row(page, theme, columns);
    }

    Control control() {
        return root;
    }

    /** Fills the page from the service's settings. */
    void refresh() {
        SettingsService s = services.settings;
        Settings current = s == null ? Settings.defaults() : s.settings();
        udp.setSelection(current.udp());
        ipv6.setSelection(current.ipv6());
        lan.setSelection(current.lanDiscovery());
        proxyType.select(current.proxy().type().ordinal());
        proxyHost.setText(current.proxy().host());
        proxyPort.setText(current.proxy().port() == 0 ? "" : Integer.toString(current.proxy().port()));
        proxyFields();
        nodes.show(current.bootstrap());
        relays.show(current.relays());
        notifications.setSelection(current.notifications());
        themesChanged(current.theme());
        save.setEnabled(s != null);
        status.setText(s == null ? "Open a profile to change its settings." : " ");
        resize();
    }

    String status() {
        return status.getText();
    }

    void status(String text) {
        status.setForeground(theme.ok);
        status.setText(text);
        root.layout(true, true);
    }

    /** The theme menu again (a theme came or went), keeping {@code selected} if it is there. */
    void themesChanged(String selected) {
        themeOptions = themes.options();
        themeCombo.removeAll();
        int index = 0;
        for (int i = 0; i < themeOptions.size(); i++) {
            themeCombo.add(themeOptions.get(i).label());
            if (themeOptions.get(i).value().equals(selected)) {
                index = i;
            }
        }
        themeCombo.select(index);
    }

    String selectedTheme() {
        int i = themeCombo.getSelectionIndex();
        return i < 0 || i >= themeOptions.size() ? Settings.THEME_AUTOMATIC : themeOptions.get(i).value();
    }

    private void proxyFields() {
        boolean on = proxyType.getSelectionIndex() > 0;
        proxyHost.setEnabled(on);
        proxyPort.setEnabled(on);
    }

    /** A list of {@code IP:PORT:KEY} entries with a field that checks one as typed, Add and Remove. */
    private final class NodeEditor {
        private final org.eclipse.swt.widgets.List list;
        private final Text field;
        private final Label feedback;
        private final Button add;
        private final Button remove;
        private final BiFunction<String, List<BootstrapNode>, Optional<String>> check;
        private final String valid;
        private final List<BootstrapNode> entries = new ArrayList<>();

        NodeEditor(String listId, String fieldId, String hint,
                BiFunction<String, List<BootstrapNode>, Optional<String>> check, String valid) {
            this.check = check;
            this.valid = valid;
            list = Ui.id(new org.eclipse.swt.widgets.List(page, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL), listId);
            list.setFont(theme.mono);
            GridData nl = new GridData(SWT.FILL, SWT.CENTER, true, false);
            nl.heightHint = 64;
            list.setLayoutData(nl);
            Composite entryRow = row(3);
            field = Ui.field(entryRow, theme, 0, hint, fieldId);
            field.setFont(theme.mono);
            add = Ui.button(entryRow, "Add", theme, fieldId + ".add", false);
            remove = Ui.button(entryRow, "Remove", theme, fieldId + ".remove", false);
            feedback = Ui.id(Ui.label(page, " ", theme, theme.small, theme.secondary), fieldId + ".feedback");
            feedback.setBackground(theme.chatBackground);
            feedback.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            field.addListener(SWT.Modify, e -> typed());
            field.addListener(SWT.DefaultSelection, e -> add());
            add.addListener(SWT.Selection, e -> add());
            remove.addListener(SWT.Selection, e -> remove());
            list.addListener(SWT.Selection, e -> remove.setEnabled(list.getSelectionIndex() >= 0));
            // Delete removes the selected entry, as the button does
            list.addListener(SWT.KeyDown, e -> {
                if (e.keyCode == SWT.DEL) {
                    remove();
                }
            });
        }

        List<BootstrapNode> entries() {
            return List.copyOf(entries);
        }

        void show(List<BootstrapNode> now) {
            entries.clear();
            entries.addAll(now);
            showEntries();
            field.setText("");
        }

        private void showEntries() {
            list.removeAll();
            for (BootstrapNode n : entries) {
                list.add(n.toString());
            }
            list.setData("parley.rows", entries.stream().map(BootstrapNode::toString).toList());
            remove.setEnabled(false);
        }

        private void typed() {
            String text = field.getText();
            if (text.isBlank()) {
                feedback.setText(" ");
                add.setEnabled(false);
                return;
            }
            Optional<String> problem = check.apply(text, entries);
            feedback.setForeground(problem.isPresent() ? theme.error : theme.ok);
            feedback.setText(problem.orElse(valid));
            add.setEnabled(problem.isEmpty());
        }

        private void add() {
            if (check.apply(field.getText(), entries).isPresent()) {
                typed();
                return;
            }
            entries.add(BootstrapNode.parse(field.getText()));
            showEntries();
            field.setText("");
            feedback.setText("Added. Save to use it.");
            feedback.setForeground(theme.secondary);
        }

        private void remove() {
            int i = list.getSelectionIndex();
            if (i >= 0) {
                entries.remove(i);
                showEntries();
                feedback.setText("Removed. Save to stop using it.");
                feedback.setForeground(theme.secondary);
            }
        }
    }

    private void save() {
        SettingsService s = services.settings;
        if (s == null) {
            return;
        }
        ProxySetting.Type type = ProxySetting.Type.values()[Math.max(0, proxyType.getSelectionIndex())];
        SettingsForm.Result r = SettingsForm.build(udp.getSelection(), ipv6.getSelection(), lan.getSelection(), type,
                proxyHost.getText(), proxyPort.getText(), nodes.entries(), relays.entries(),
                notifications.getSelection(), selectedTheme());
        if (r.settings().isEmpty()) {
            status.setForeground(theme.error);
            status.setText(r.problem());
            root.layout(true, true);
            return;
        }
        Settings next = r.settings().get();
        save.setEnabled(false);
        status.setForeground(theme.secondary);
        status.setText("Saving…");
        Ui.offUi(page, () -> {
            Settings before = s.settings();
            s.update(next);
            return SettingsForm.effects(before, next);
        }, (said, failure) -> {
            save.setEnabled(true);
            if (failure != null) {
                status.setForeground(theme.error);
                status.setText("Not saved: " + failure.getMessage());
            } else {
                status.setForeground(theme.ok);
                status.setText(said);
            }
            root.layout(true, true);
            if (failure == null) {
                saved.accept(next);
            }
        });
    }
}
