package dev.parley.shell.swt.internal;

import dev.parley.api.friends.FriendRequest;
import dev.parley.shell.swt.presentation.MessengerModel;
import dev.parley.shell.swt.presentation.Times;
import java.time.Instant;
import java.time.ZoneId;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

/** Friend requests waiting for an answer: who (key), when, their message, Accept and Decline. */
final class RequestsPanel {
    private final Theme theme;
    private final Services services;
    private final MessengerModel model;
    private final Composite root;
    private final ScrolledComposite scroll;
    private final Composite list;

    RequestsPanel(Composite parent, Theme theme, Services services, MessengerModel model) {
        this.theme = theme;
        this.services = services;
        this.model = model;
        root = new Composite(parent, SWT.NONE);
        root.setBackground(theme.chatBackground);
        root.setLayout(Ui.grid(1, 24, 12));
        Ui.label(root, "Friend requests", theme, theme.title, theme.text).setBackground(theme.chatBackground);
        Ui.label(root, "People who want to add you. Accept to chat; decline and they will not be told.", theme,
                theme.small, theme.secondary).setBackground(theme.chatBackground);
        scroll = new ScrolledComposite(root, SWT.V_SCROLL);
        scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(false);
        scroll.setBackground(theme.chatBackground);
        list = new Composite(scroll, SWT.NONE);
        list.setBackground(theme.chatBackground);
        list.setLayout(Ui.grid(1, 0, 12));
        scroll.setContent(list);
        Ui.id(list, "requests.list");
    }

    Control control() {
        return root;
    }

    void refresh() {
        for (Control c : list.getChildren()) {
            c.dispose();
        }
        if (model.requests().isEmpty()) {
            Ui.label(list, "No requests right now.", theme, theme.normal, theme.secondary)
                    .setBackground(theme.chatBackground);
        }
        for (FriendRequest r : model.requests()) {
            card(r);
        }
        int width = Math.max(300, scroll.getClientArea().width);
        list.setSize(list.computeSize(width, SWT.DEFAULT));
        root.layout(true, true);
    }

    private void card(FriendRequest r) {
        String key = r.key().hex();
        Composite card = new Composite(list, SWT.NONE);
        card.setData("parley.id", "request." + key);
        card.setBackground(theme.background);
        card.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        card.setLayout(Ui.grid(3, 16, 10));
        card.addPaintListener(e -> {
            var b = card.getClientArea();
            e.gc.setForeground(theme.border);
            e.gc.drawRectangle(0, 0, b.width - 1, b.height - 1);
        });
        Canvas avatar = new Canvas(card, SWT.DOUBLE_BUFFERED);
        GridData ad = new GridData(SWT.LEFT, SWT.TOP, false, false, 1, 2);
        ad.widthHint = 44;
        ad.heightHint = 44;
        avatar.setLayoutData(ad);
        avatar.addPaintListener(e -> {
            e.gc.setBackground(theme.background);
            e.gc.fillRectangle(avatar.getClientArea());
            theme.avatar(e.gc, 0, 0, 44, key, key.substring(0, 2));
        });
        String when = Times.shortTime(r.received(), Instant.now(), ZoneId.systemDefault());
        Label who = Ui.label(card, key.substring(0, 16) + "…" + (when.isEmpty() ? "" : "  ·  " + when), theme,
                theme.mono, theme.secondary);
        who.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Label message = Ui.id(Ui.label(card, r.message(), theme, theme.normal, theme.text), "request.message");
        GridData md = new GridData(SWT.FILL, SWT.CENTER, true, false);
        md.widthHint = 300;
        message.setLayoutData(md);
        Composite buttons = new Composite(card, SWT.NONE);
        buttons.setBackground(theme.background);
        buttons.setLayout(Ui.grid(2, 0, 8));
        Button decline = Ui.button(buttons, "Decline", theme, "request.decline", false);
        Button accept = Ui.button(buttons, "Accept", theme, "request.accept", true);
        accept.addListener(SWT.Selection, e -> {
            if (services.friends == null) {
                return;
            }
            try {
                var friend = services.friends.accept(r.key());
                model.friendAdded(friend);
            } catch (IllegalArgumentException ex) {
                model.requestAnswered(key);
            }
            refresh();
        });
        decline.addListener(SWT.Selection, e -> {
            if (services.friends != null) {
                services.friends.decline(r.key());
            }
            model.requestAnswered(key);
            refresh();
        });
    }
}
