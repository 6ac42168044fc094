package dev.parley.shell.swt.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import java.security.SecureRandom;
import java.util.Map;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * My profile: name, status message, status, the Tox ID with a copy button and its QR code, nospam
 * change, and switching to another profile (this one is saved and closed, the chooser comes back).
 */
final class ProfilePanel {
    private final Theme theme;
    private final Services services;
    private final Runnable changed;
    private final Runnable switchProfile;
    private final Composite root;
    private final Text name;
    private final Text statusMessage;
    private final Combo status;
    private final Text toxId;
    private final Canvas qr;
    private final Label note;
    private final Button switchButton;
    private BitMatrix matrix;

    ProfilePanel(Composite parent, Theme theme, Services services, Runnable changed, Runnable switchProfile) {
        this.theme = theme;
        this.services = services;
        this.changed = changed;
        this.switchProfile = switchProfile;
        root = new Composite(parent, SWT.NONE);
        root.setBackground(theme.chatBackground);
        root.setLayout(Ui.grid(2, 28, 12));
        Label title = Ui.label(root, "My profile", theme, theme.title, theme.text);
        title.setBackground(theme.chatBackground);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        Composite form = new Composite(root, SWT.NONE);
        form.setBackground(theme.chatBackground);
        form.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        form.setLayout(Ui.grid(1, 0, 6));
        label(form, "Name");
        name = Ui.field(form, theme, 0, "Your name", "profile.name");
        label(form, "Status message");
        statusMessage = Ui.field(form, theme, 0, "What are you up to?", "profile.statusmessage");
        label(form, "Status");
        status = Ui.id(new Combo(form, SWT.READ_ONLY), "profile.status");
        status.setItems("Online", "Away", "Busy");
        status.setFont(theme.normal);
        Button save = Ui.button(form, "Save", theme, "profile.save", true);
        ((GridData) save.getLayoutData()).horizontalAlignment = SWT.LEFT;
        save.addListener(SWT.Selection, e -> save());
        name.addListener(SWT.DefaultSelection, e -> save());
        statusMessage.addListener(SWT.DefaultSelection, e -> save());
        status.addListener(SWT.Selection, e -> save());

        label(form, "Your Tox ID — give it to friends so they can add you");
        toxId = Ui.id(new Text(form, SWT.BORDER | SWT.READ_ONLY | SWT.MULTI | SWT.WRAP), "profile.toxid");
        toxId.setFont(theme.mono);
        GridData td = new GridData(SWT.FILL, SWT.CENTER, true, false);
        td.widthHint = 360;
        toxId.setLayoutData(td);
        Composite idButtons = new Composite(form, SWT.NONE);
        idButtons.setBackground(theme.chatBackground);
        idButtons.setLayout(Ui.grid(2, 0, 8));
        Button copy = Ui.button(idButtons, "Copy Tox ID", theme, "profile.copy", false);
        Button nospam = Ui.button(idButtons, "New nospam", theme, "profile.nospam", false);
        nospam.setToolTipText("Changes the last part of your Tox ID: requests to the old ID are ignored, friends stay.");
        copy.addListener(SWT.Selection, e -> copy());
        nospam.addListener(SWT.Selection, e -> newNospam());
        note = Ui.id(Ui.label(form, " ", theme, theme.small, theme.ok), "profile.note");
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        label(form, "Other profiles");
        Label switchNote = Ui.label(form, "Saves and closes this profile (friends see you go offline), then lets you "
                + "open, create or import another.", theme, theme.small, theme.secondary);
        switchNote.setBackground(theme.chatBackground);
        GridData sn = new GridData(SWT.FILL, SWT.CENTER, true, false);
        sn.widthHint = 360;
        switchNote.setLayoutData(sn);
        switchButton = Ui.button(form, "Switch profile…", theme, "profile.switch", false);
        ((GridData) switchButton.getLayoutData()).horizontalAlignment = SWT.LEFT;
        switchButton.addListener(SWT.Selection, e -> {
            switchButton.setEnabled(false);
            say("Saving and closing this profile…", false);
            switchProfile.run();
        });

        qr = Ui.id(new Canvas(root, SWT.DOUBLE_BUFFERED), "profile.qr");
        GridData qd = new GridData(SWT.CENTER, SWT.TOP, false, false);
        qd.widthHint = 240;
        qd.heightHint = 240;
        qr.setLayoutData(qd);
        qr.addPaintListener(e -> {
            var r = qr.getClientArea();
            e.gc.setBackground(theme.white);
            e.gc.fillRectangle(r);
            if (matrix == null) {
                return;
            }
            int n = matrix.getWidth();
            int scale = Math.max(1, Math.min(r.width, r.height) / n);
            int ox = (r.width - n * scale) / 2;
            int oy = (r.height - n * scale) / 2;
            e.gc.setBackground(theme.text);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    if (matrix.get(x, y)) {
                        e.gc.fillRectangle(ox + x * scale, oy + y * scale, scale, scale);
                    }
                }
            }
        });
    }

    private void label(Composite parent, String text) {
        Label l = Ui.label(parent, text, theme, theme.bold, theme.text);
        l.setBackground(theme.chatBackground);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.verticalIndent = 6;
        l.setLayoutData(d);
    }

    Control control() {
        return root;
    }

    void refresh() {
        switchButton.setEnabled(true);
        ProfileService p = services.profile;
        if (p == null) {
            return;
        }
        name.setText(p.name());
        statusMessage.setText(p.statusMessage());
        status.select(p.status().ordinal());
        String id = p.toxId();
        toxId.setText(id.substring(0, 38) + "\n" + id.substring(38));
        toxId.setData("parley.value", id);
        try {
            matrix = new QRCodeWriter().encode("tox:" + id, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            matrix = null;
        }
        qr.redraw();
        root.layout(true, true);
    }

    private void save() {
        ProfileService p = services.profile;
        if (p == null) {
            return;
        }
        try {
            if (!p.name().equals(name.getText().strip())) {
                p.setName(name.getText().strip());
            }
            if (!p.statusMessage().equals(statusMessage.getText().strip())) {
                p.setStatusMessage(statusMessage.getText().strip());
            }
            int i = status.getSelectionIndex();
            if (i >= 0 && p.status() != UserStatus.values()[i]) {
                p.setStatus(UserStatus.values()[i]);
            }
            say("Saved.", false);
            changed.run();
        } catch (IllegalArgumentException e) {
            say(e.getMessage(), true);
        }
    }

    private void copy() {
        if (services.profile == null) {
            return;
        }
        Clipboard clipboard = new Clipboard(root.getDisplay());
        clipboard.setContents(new Object[] {services.profile.toxId()}, new Transfer[] {TextTransfer.getInstance()});
        clipboard.dispose();
        say("Tox ID copied.", false);
    }

    private void newNospam() {
        if (services.profile == null) {
            return;
        }
        services.profile.setNospam(new SecureRandom().nextInt());
        refresh();
        say("New Tox ID: requests to the old one are ignored from now on.", false);
    }

    /** Says something under the Tox ID (also why switching failed). */
    void say(String text, boolean error) {
        note.setText(text);
        note.setForeground(error ? theme.error : theme.ok);
        root.layout(true, true);
    }
}
