package dev.parley.shell.swt.internal;

import dev.parley.api.account.AccountException;
import dev.parley.api.account.ProfileSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * The first screen: open one of the profiles (with its password when encrypted), create a new
 * one (name, optional password), or import a {@code .tox} file from another client. Work that
 * touches the disk or derives keys runs off the user interface thread.
 */
final class FirstRunView {
    private final Composite root;
    private final Theme theme;
    private final Services services;
    private final Runnable opened;
    private final org.eclipse.swt.widgets.List profileList;
    private final Text openPassword;
    private final Button openButton;
    private final Composite openCard;
    private final Text name;
    private final Text password;
    private final Text confirm;
    private final Button create;
    private final Label status;
    private List<ProfileSummary> profiles = List.of();

    FirstRunView(Composite parent, Theme theme, Services services, Runnable opened) {
        this.theme = theme;
        this.services = services;
        this.opened = opened;
        root = new Composite(parent, SWT.NONE);
        root.setBackground(theme.sidebar);
        root.setLayout(Ui.grid(1, 0, 0));
        Composite column = new Composite(root, SWT.NONE);
        column.setBackground(theme.sidebar);
        column.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, true, true));
        column.setLayout(Ui.grid(1, 0, 14));

        Label logo = Ui.label(column, "Parley", theme, theme.big, theme.accent);
        logo.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, true, false));
        Label tag = Ui.label(column, "Private messaging on the Tox network — no servers, no accounts.", theme,
                theme.normal, theme.secondary);
        tag.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, true, false));

        openCard = card(column);
        Ui.label(openCard, "Open a profile", theme, theme.title, theme.text).setLayoutData(span());
        profileList = Ui.id(new org.eclipse.swt.widgets.List(openCard, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL), "profiles");
        profileList.setFont(theme.normal);
        GridData pl = span();
        pl.heightHint = 90;
        profileList.setLayoutData(pl);
        openPassword = Ui.field(openCard, theme, SWT.PASSWORD, "Password (if the profile has one)", "open.password");
        openButton = Ui.button(openCard, "Open", theme, "open", true);
        profileList.addListener(SWT.DefaultSelection, e -> open());
        profileList.addListener(SWT.Selection, e -> updateOpen());
        openPassword.addListener(SWT.DefaultSelection, e -> open());
        openButton.addListener(SWT.Selection, e -> open());

        Composite createCard = card(column);
        Ui.label(createCard, "Create a new profile", theme, theme.title, theme.text).setLayoutData(span());
        Ui.label(createCard, "Your name is what friends see. A password encrypts the profile on this computer.",
                theme, theme.small, theme.secondary).setLayoutData(span());
        name = Ui.field(createCard, theme, 0, "Your name", "create.name");
        name.setLayoutData(spanField());
        password = Ui.field(createCard, theme, SWT.PASSWORD, "Password (optional)", "create.password");
        confirm = Ui.field(createCard, theme, SWT.PASSWORD, "Repeat the password", "create.confirm");
        create = Ui.button(createCard, "Create profile", theme, "create", true);
        ((GridData) create.getLayoutData()).horizontalSpan = 2;
        ((GridData) create.getLayoutData()).horizontalAlignment = SWT.END;
        name.addListener(SWT.Modify, e -> create.setEnabled(!name.getText().isBlank()));
        name.addListener(SWT.DefaultSelection, e -> create());
        confirm.addListener(SWT.DefaultSelection, e -> create());
        create.addListener(SWT.Selection, e -> create());
        create.setEnabled(false);

        Composite importRow = new Composite(column, SWT.NONE);
        importRow.setBackground(theme.sidebar);
        importRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        importRow.setLayout(Ui.grid(2, 0, 10));
        Ui.label(importRow, "Coming from qTox, toxic or uTox? Bring your Tox ID and friends along.", theme,
                theme.small, theme.secondary).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button importButton = Ui.button(importRow, "Import .tox file…", theme, "import", false);
        importButton.addListener(SWT.Selection, e -> importFile());

        status = Ui.id(Ui.label(column, "", theme, theme.normal, theme.error), "firstrun.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        refresh();
    }

    private Composite card(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setBackground(theme.background);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 480;
        c.setLayoutData(d);
        c.setLayout(Ui.grid(2, 20, 10));
        c.addPaintListener(e -> {
            var r = c.getClientArea();
            e.gc.setForeground(theme.border);
            e.gc.drawRectangle(0, 0, r.width - 1, r.height - 1);
        });
        return c;
    }

    private static GridData span() {
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.horizontalSpan = 2;
        return d;
    }

    private static GridData spanField() {
        GridData d = span();
        d.heightHint = 30;
        return d;
    }

    Composite control() {
        return root;
    }

    /** Reloads the profile list (the "open" card hides on a first run). */
    void refresh() {
        status.setText("");
        openPassword.setText("");
        name.setText("");
        password.setText("");
        confirm.setText("");
        profiles = services.account.profiles();
        profileList.removeAll();
        for (ProfileSummary p : profiles) {
            profileList.add(p.name() + (p.encrypted() ? "   (password)" : ""));
        }
        // the profile opened last comes selected: a returning person only types its password
        String last = services.account.lastOpened().orElse(null);
        int select = 0;
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).name().equals(last)) {
                select = i;
            }
        }
        if (!profiles.isEmpty()) {
            profileList.select(select);
        }
        openCard.setVisible(!profiles.isEmpty());
        ((GridData) openCard.getLayoutData()).exclude = profiles.isEmpty();
        updateOpen();
        root.layout(true, true);
        if (!profiles.isEmpty() && profiles.get(select).encrypted()) {
            openPassword.setFocus();
        }
    }

    private void updateOpen() {
        int i = profileList.getSelectionIndex();
        boolean encrypted = i >= 0 && profiles.get(i).encrypted();
        openPassword.setEnabled(encrypted);
        openButton.setEnabled(i >= 0);
    }

    private void busy(String text) {
        status.setForeground(theme.secondary);
        status.setText(text);
        root.layout(true, true);
    }

    private void fail(String text) {
        status.setForeground(theme.error);
        status.setText(text);
        root.layout(true, true);
    }

    private void open() {
        int i = profileList.getSelectionIndex();
        if (i < 0) {
            return;
        }
        String profile = profiles.get(i).name();
        char[] pass = openPassword.getText().toCharArray();
        busy("Opening " + profile + "…");
        background(() -> services.account.open(profile, pass));
    }

    private void create() {
        String n = name.getText().strip();
        if (n.isEmpty()) {
            fail("Enter a name.");
            return;
        }
        if (!password.getText().equals(confirm.getText())) {
            fail("The two passwords differ.");
            return;
        }
        String profile = n.replaceAll("[/\\\\\\p{Cntrl}]", "_").replaceFirst("^\\.+", "");
        char[] pass = password.getText().toCharArray();
        busy("Creating your Tox identity…");
        background(() -> services.account.create(profile.isEmpty() ? "profile" : profile, n, pass));
    }

    private void importFile() {
        Shell shell = root.getShell();
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Import a Tox profile");
        dialog.setFilterExtensions(new String[] {"*.tox", "*"});
        dialog.setFilterNames(new String[] {"Tox profiles (*.tox)", "All files"});
        String chosen = dialog.open();
        if (chosen != null) {
            importPath(Path.of(chosen));
        }
    }

    /** Imports a file, asking for its password when it is encrypted. */
    void importPath(Path file) {
        char[] pass = null;
        try {
            if (services.account.isEncrypted(file)) {
                String p = PasswordPrompt.ask(root.getShell(), theme, "Password for " + file.getFileName(),
                        "This profile is encrypted. Enter the password you used in your other Tox client.");
                if (p == null) {
                    return;
                }
                pass = p.toCharArray();
            }
        } catch (AccountException e) {
            fail(e.getMessage());
            return;
        }
        char[] password = pass;
        busy("Importing " + file.getFileName() + "…");
        background(() -> {
            String profile = services.account.importProfile(file, password);
            services.account.open(profile, password);
        });
    }

    private interface Work {
        void run() throws AccountException;
    }

    private void background(Work work) {
        var display = root.getDisplay();
        CompletableFuture.runAsync(() -> {
            try {
                work.run();
                display.asyncExec(() -> {
                    if (!root.isDisposed()) {
                        busy("Starting…");
                        opened.run();
                    }
                });
            } catch (AccountException e) {
                String text = switch (e.reason()) {
                    case WRONG_PASSWORD -> "Wrong password.";
                    case PASSWORD_REQUIRED -> "This profile is encrypted: enter its password.";
                    case EXISTS -> "A profile with that name exists already.";
                    default -> e.getMessage();
                };
                display.asyncExec(() -> {
                    if (!root.isDisposed()) {
                        fail(text);
                    }
                });
            } catch (RuntimeException e) {
                display.asyncExec(() -> {
                    if (!root.isDisposed()) {
                        fail("Failed: " + e.getMessage());
                    }
                });
            }
        });
    }
}
