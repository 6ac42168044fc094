package dev.parley.shell.swt.internal;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonManager;
import dev.parley.shell.swt.presentation.AddonRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The installed add-ons (name, kind, version, state; description, author, licence, file and any
 * error of the selected one) and what can be done with them: install or update from a jar,
 * enable, disable, uninstall. Everything goes through the {@link AddonManager} service, off the
 * user interface thread; the list follows the manager's changes.
 */
final class AddonsPanel {
    private final Theme theme;
    private final Services services;
    private final Composite root;
    private final Table table;
    private final Label details;
    private final Text path;
    private final Button install;
    private final Button update;
    private final Button enable;
    private final Button disable;
    private final Button uninstall;
    private final Label status;
    private List<Addon> addons = List.of();
    private int selectedId = -1;

    AddonsPanel(Composite parent, Theme theme, Services services) {
        this.theme = theme;
        this.services = services;
        root = new Composite(parent, SWT.NONE);
        root.setBackground(theme.chatBackground);
        root.setLayout(Ui.grid(1, 28, 10));
        label("Add-ons", theme.title, theme.text);
        label("Bots and themes that extend Parley. They start at once, without a restart, and see only Parley's api.",
                theme.small, theme.secondary);

        table = Ui.id(new Table(root, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION), "addons.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(false);
        table.setFont(theme.normal);
        table.setBackground(theme.background);
        table.setForeground(theme.text);
        GridData td = new GridData(SWT.FILL, SWT.FILL, true, true);
        td.heightHint = 180;
        table.setLayoutData(td);
        String[] titles = {"Name", "Kind", "Version", "State"};
        int[] widths = {250, 90, 170, 100};
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        table.addListener(SWT.Selection, e -> {
            int i = table.getSelectionIndex();
            selectedId = i < 0 ? -1 : addons.get(i).id();
            showSelection();
        });

        details = Ui.id(label(" \n \n ", theme.small, theme.secondary), "addons.details");
        ((GridData) details.getLayoutData()).heightHint = 3 * (details.computeSize(SWT.DEFAULT, SWT.DEFAULT).y / 3) + 8;

        Composite actions = row(4);
        enable = Ui.button(actions, "Enable", theme, "addons.enable", false);
        disable = Ui.button(actions, "Disable", theme, "addons.disable", false);
        update = Ui.button(actions, "Update from file", theme, "addons.update", false);
        uninstall = Ui.button(actions, "Uninstall", theme, "addons.uninstall", false);
        enable.addListener(SWT.Selection, e -> act("Enabling", m -> m.enable(selectedId)));
        disable.addListener(SWT.Selection, e -> act("Disabling", m -> m.disable(selectedId)));
        uninstall.addListener(SWT.Selection, e -> act("Uninstalling", m -> {
            m.uninstall(selectedId);
            return null;
        }));
        update.addListener(SWT.Selection, e -> {
            Path jar = chosenJar("Update add-on");
            if (jar != null) {
                int id = selectedId;
                act("Updating", m -> m.update(id, jar));
            }
        });

        label("Install an add-on", theme.bold, theme.text);
        Composite installRow = row(3);
        path = Ui.field(installRow, theme, 0, "Path of an add-on jar (a samples/ jar, for example)", "addons.path");
        Button browse = Ui.button(installRow, "Browse…", theme, "addons.browse", false);
        install = Ui.button(installRow, "Install", theme, "addons.install", true);
        browse.addListener(SWT.Selection, e -> browse());
        install.addListener(SWT.Selection, e -> installFromPath());
        path.addListener(SWT.DefaultSelection, e -> installFromPath());
        status = Ui.id(label(" ", theme.normal, theme.secondary), "addons.status");
        refresh();
    }

    private Label label(String text, org.eclipse.swt.graphics.Font font, org.eclipse.swt.graphics.Color colour) {
        return Ui.pageLabel(root, theme, text, font, colour);
    }

    private Composite row(int columns) {
        return Ui.row(root, theme, columns);
    }

    Control control() {
        return root;
    }

    /**
     * Reads the list from the manager (if there is one), off the UI thread: the manager holds its
     * lock while a bundle starts or stops.
     */
    void refresh() {
        AddonManager m = services.addons;
        install.setEnabled(m != null);
        if (m == null) {
            show(List.of());
            say("The add-on manager is not running.", theme.error);
            return;
        }
        Ui.offUi(root, m::list, (list, failure) -> show(list == null ? addons : list));
    }

    /** Shows {@code list}, keeping the selection. */
    void show(List<Addon> list) {
        if (root.isDisposed()) {
            return;
        }
        addons = List.copyOf(list);
        table.removeAll();
        int select = -1;
        for (int i = 0; i < addons.size(); i++) {
            Addon a = addons.get(i);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(AddonRows.cells(a));
            if (a.error().isPresent()) {
                item.setForeground(3, theme.error);
            }
            if (a.id() == selectedId) {
                select = i;
            }
        }
        if (select < 0 && !addons.isEmpty()) {
            select = 0;
        }
        if (select >= 0) {
            table.select(select);
            selectedId = addons.get(select).id();
        } else {
            selectedId = -1;
        }
        table.setData("parley.rows", addons.stream().map(AddonRows::mirror).toList());
        showSelection();
    }

    private Addon selected() {
        for (Addon a : addons) {
            if (a.id() == selectedId) {
                return a;
            }
        }
        return null;
    }

    private void showSelection() {
        Addon a = selected();
        details.setText(a == null ? "No add-on installed yet. Install one from a jar below." : AddonRows.details(a));
        details.setForeground(a != null && a.error().isPresent() ? theme.error : theme.secondary);
        enable.setEnabled(a != null && AddonRows.canEnable(a));
        disable.setEnabled(a != null && AddonRows.canDisable(a));
        update.setEnabled(a != null);
        uninstall.setEnabled(a != null);
        root.layout(true, true);
    }

    private void say(String text, org.eclipse.swt.graphics.Color colour) {
        status.setForeground(colour);
        status.setText(text);
        root.layout(true, true);
    }

    private void browse() {
        FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
        dialog.setText("Install an add-on");
        dialog.setFilterExtensions(new String[] {"*.jar", "*"});
        dialog.setFilterNames(new String[] {"Add-on jars (*.jar)", "All files"});
        String chosen = dialog.open();
        if (chosen != null) {
            path.setText(chosen);
        }
    }

    /** The jar in the path field, else one chosen in a file dialog; null when none. */
    private Path chosenJar(String title) {
        if (path.getText().isBlank()) {
            browse();
        }
        if (path.getText().isBlank()) {
            return null;
        }
        Path jar = Path.of(path.getText().strip());
        if (!Files.isRegularFile(jar)) {
            say("No file " + jar, theme.error);
            return null;
        }
        return jar;
    }

    private void installFromPath() {
        Path jar = chosenJar("Install an add-on");
        if (jar != null) {
            act("Installing " + jar.getFileName(), m -> {
                Addon a = m.install(jar);
                selectedId = a.id();
                return a;
            });
        }
    }

    /**
     * Runs an operation on the manager off the UI thread, then shows the result and the list as it
     * is then (the manager's listener brings later changes).
     */
    private void act(String doing, Function<AddonManager, Addon> op) {
        AddonManager m = services.addons;
        if (m == null) {
            return;
        }
        say(doing + "…", theme.secondary);
        record Outcome(Addon addon, List<Addon> now) {
        }
        Ui.offUi(root, () -> new Outcome(op.apply(m), m.list()), (outcome, failure) -> {
            if (failure != null) {
                say(failure.getMessage(), theme.error);
                return;
            }
            Addon a = outcome.addon();
            if (a != null) {
                selectedId = a.id();
            }
            show(outcome.now());
            if (a != null && a.error().isPresent()) {
                say(a.info().name() + ": " + a.error().get(), theme.error);
            } else {
                say(a == null ? "Done." : a.info().name() + " " + AddonRows.state(a).toLowerCase(java.util.Locale.ROOT)
                        + ".", theme.ok);
                if (doing.startsWith("Installing")) {
                    path.setText("");
                }
            }
        });
    }
}
