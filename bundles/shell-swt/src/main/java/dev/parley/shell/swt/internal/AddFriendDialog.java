package dev.parley.shell.swt.internal;

import dev.parley.api.friends.Friend;
import dev.parley.shell.swt.presentation.AddFriendForm;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** "Add friend": the Tox ID is checked as it is typed (length, characters, checksum), then a request goes out. */
final class AddFriendDialog {
    private AddFriendDialog() {
    }

    static Shell open(Shell parent, Theme theme, Services services, AddFriendForm form, Consumer<Friend> added) {
        Shell dialog = new Shell(parent, SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL);
        dialog.setText("Add a friend");
        dialog.setData("parley.id", "addfriend.dialog");
        dialog.setBackground(theme.background);
        dialog.setLayout(Ui.grid(1, 22, 8));
        Ui.label(dialog, "Add a friend", theme, theme.title, theme.text);
        Ui.label(dialog, "Ask your friend for their Tox ID (76 characters) and paste it here.", theme, theme.small,
                theme.secondary);
        Text id = Ui.field(dialog, theme, 0, "Tox ID", "addfriend.id");
        id.setFont(theme.mono);
        ((GridData) id.getLayoutData()).widthHint = 560;
        Label idFeedback = Ui.id(Ui.label(dialog, " ", theme, theme.small, theme.secondary), "addfriend.feedback");
        idFeedback.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ui.label(dialog, "Message", theme, theme.bold, theme.text);
        Text message = Ui.id(new Text(dialog, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL), "addfriend.message");
        message.setFont(theme.normal);
        message.setText(AddFriendForm.DEFAULT_MESSAGE);
        GridData md = new GridData(SWT.FILL, SWT.FILL, true, false);
        md.heightHint = 64;
        message.setLayoutData(md);
        Label messageFeedback = Ui.label(dialog, " ", theme, theme.small, theme.error);
        messageFeedback.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite buttons = new Composite(dialog, SWT.NONE);
        buttons.setBackground(theme.background);
        buttons.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));
        buttons.setLayout(Ui.grid(2, 0, 8));
        Button cancel = Ui.button(buttons, "Cancel", theme, "addfriend.cancel", false);
        Button send = Ui.button(buttons, "Send request", theme, "addfriend.send", true);
        Runnable update = () -> {
            form.setId(id.getText());
            form.setMessage(message.getText());
            String f = form.idFeedback();
            idFeedback.setText(f.isEmpty() ? " " : f);
            idFeedback.setForeground(form.idOk() ? theme.ok : theme.error);
            String mf = form.messageFeedback();
            messageFeedback.setText(mf.isEmpty() ? " " : mf);
            send.setEnabled(form.canSend());
            dialog.layout(true, true);
        };
        id.addListener(SWT.Modify, e -> update.run());
        message.addListener(SWT.Modify, e -> update.run());
        cancel.addListener(SWT.Selection, e -> dialog.close());
        send.addListener(SWT.Selection, e -> {
            if (!form.canSend() || services.friends == null) {
                return;
            }
            try {
                Friend f = services.friends.add(form.normalizedId(), form.message());
                dialog.close();
                added.accept(f);
            } catch (IllegalArgumentException ex) {
                idFeedback.setText(ex.getMessage());
                idFeedback.setForeground(theme.error);
            }
        });
        dialog.setDefaultButton(send);
        update.run();
        dialog.pack();
        var pb = parent.getBounds();
        var db = dialog.getBounds();
        dialog.setLocation(pb.x + (pb.width - db.width) / 2, pb.y + (pb.height - db.height) / 3);
        dialog.open();
        id.setFocus();
        return dialog;
    }
}
