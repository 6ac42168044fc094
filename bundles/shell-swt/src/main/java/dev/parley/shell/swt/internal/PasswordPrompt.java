package dev.parley.shell.swt.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** A small modal dialog asking for a password. */
final class PasswordPrompt {
    private PasswordPrompt() {
    }

    /** The password typed, or null when cancelled. */
    static String ask(Shell parent, Theme theme, String title, String explanation) {
        Shell dialog = new Shell(parent, SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL);
        dialog.setText(title);
        dialog.setData("parley.id", "password.dialog");
        dialog.setBackground(theme.background);
        dialog.setLayout(Ui.grid(2, 18, 10));
        var l = Ui.label(dialog, explanation, theme, theme.normal, theme.text);
        GridData ld = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        ld.widthHint = 360;
        l.setLayoutData(ld);
        Text field = Ui.field(dialog, theme, SWT.PASSWORD, "Password", "password.field");
        ((GridData) field.getLayoutData()).horizontalSpan = 2;
        Composite buttons = new Composite(dialog, SWT.NONE);
        buttons.setBackground(theme.background);
        buttons.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, 2, 1));
        buttons.setLayout(Ui.grid(2, 0, 8));
        Button cancel = Ui.button(buttons, "Cancel", theme, "password.cancel", false);
        Button ok = Ui.button(buttons, "Unlock", theme, "password.ok", true);
        String[] result = {null};
        ok.addListener(SWT.Selection, e -> {
            result[0] = field.getText();
            dialog.close();
        });
        field.addListener(SWT.DefaultSelection, e -> {
            result[0] = field.getText();
            dialog.close();
        });
        cancel.addListener(SWT.Selection, e -> dialog.close());
        dialog.setDefaultButton(ok);
        dialog.pack();
        dialog.open();
        var display = dialog.getDisplay();
        while (!dialog.isDisposed()) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        return result[0];
    }
}
