package dev.parley.shell.swt.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** Small widget helpers: every widget a test or a person needs gets a {@code parley.id}. */
final class Ui {
    private Ui() {
    }

    /**
     * Runs {@code work} off the user interface thread, then {@code then} on it with the result or
     * the failure (unwrapped), unless {@code owner} is gone by then.
     */
    static <T> void offUi(Control owner, java.util.function.Supplier<T> work,
            java.util.function.BiConsumer<T, Throwable> then) {
        var display = owner.getDisplay();
        java.util.concurrent.CompletableFuture.supplyAsync(work).whenComplete((result, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            display.asyncExec(() -> {
                if (!owner.isDisposed()) {
                    then.accept(result, cause);
                }
            });
        });
    }

    /** A full-width row of {@code columns} on a page's background. */
    static Composite row(Composite page, Theme theme, int columns) {
        Composite c = new Composite(page, SWT.NONE);
        c.setBackground(theme.chatBackground);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        c.setLayout(grid(columns, 0, 8));
        return c;
    }

    /** A full-width label on a page's background. */
    static Label pageLabel(Composite page, Theme theme, String text, org.eclipse.swt.graphics.Font font,
            org.eclipse.swt.graphics.Color colour) {
        Label l = label(page, text, theme, font, colour);
        l.setBackground(theme.chatBackground);
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return l;
    }

    static <T extends Control> T id(T control, String id) {
        control.setData("parley.id", id);
        return control;
    }

    static GridLayout grid(int columns, int margin, int spacing) {
        GridLayout g = new GridLayout(columns, false);
        g.marginWidth = margin;
        g.marginHeight = margin;
        g.horizontalSpacing = spacing;
        g.verticalSpacing = spacing;
        return g;
    }

    static Label label(Composite parent, String text, Theme theme, org.eclipse.swt.graphics.Font font,
            org.eclipse.swt.graphics.Color colour) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text);
        l.setFont(font);
        l.setForeground(colour);
        l.setBackground(parent.getBackground());
        return l;
    }

    static Text field(Composite parent, Theme theme, int style, String hint, String id) {
        Text t = new Text(parent, SWT.BORDER | SWT.SINGLE | style);
        t.setFont(theme.normal);
        t.setMessage(hint);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.heightHint = Math.max(t.computeSize(SWT.DEFAULT, SWT.DEFAULT).y, 30);
        t.setLayoutData(d);
        return id(t, id);
    }

    static Button button(Composite parent, String text, Theme theme, String id, boolean primary) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setFont(primary ? theme.bold : theme.normal);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, false, false);
        d.minimumWidth = 96;
        d.widthHint = Math.max(b.computeSize(SWT.DEFAULT, SWT.DEFAULT).x + 24, 110);
        d.heightHint = Math.max(b.computeSize(SWT.DEFAULT, SWT.DEFAULT).y, 34);
        b.setLayoutData(d);
        return id(b, id);
    }
}
