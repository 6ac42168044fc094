package dev.parley.shell.swt.internal;

import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.addon.Addon;
import dev.parley.api.settings.Settings;
import dev.parley.shell.swt.presentation.AddFriendForm;
import dev.parley.shell.swt.presentation.Attention;
import dev.parley.shell.swt.presentation.ChatMessage;
import dev.parley.shell.swt.presentation.Composer;
import dev.parley.shell.swt.presentation.Contact;
import dev.parley.shell.swt.presentation.MessengerModel;
import dev.parley.shell.swt.presentation.ThemeChoice;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * The main window's content: the sidebar (us and our connection, search, contacts, add friend,
 * requests, settings, add-ons) and the right side, which shows a chat, the friend requests, our
 * profile, the settings or the add-ons. A new look rebuilds it: {@link #state} and
 * {@link #restore} carry what the person was doing across.
 */
final class MainView implements MessengerModel.Listener {

    /** Which panel the right side shows. */
    enum Page { EMPTY, CHAT, REQUESTS, PROFILE, SETTINGS, ADDONS }

    /** What survives a rebuild: the page, the open chat, the draft, the search, the settings status. */
    record State(Page page, String chatKey, String draft, String search, String settingsStatus) {
    }

    private final Theme theme;
    private final Services services;
    private final MessengerModel model;
    private final Composite root;
    private final Canvas selfHeader;
    private final Text search;
    private ContactListView contacts;
    private final Button requestsButton;
    private final Composite right;
    private final StackLayout rightStack = new StackLayout();
    private final Composite chatPanel;
    private final Canvas chatHeader;
    private final ChatView chat;
    private final Label typing;
    private Text input;
    private final Composite emptyPanel;
    // the side pages are built the first time they are shown (a launch needs none of them)
    private RequestsPanel requestsPanel;
    private ProfilePanel profilePanel;
    private SettingsPanel settingsPanel;
    private AddonsPanel addonsPanel;
    private final ThemeChoice themes;
    private final Consumer<Settings> settingsSaved;
    private final Runnable switchProfile;
    private final Notifier notifier;
    private final BooleanSupplier notificationsOn;
    private boolean typingSent;
    private String chatKey;
    private int badge = -1;

    MainView(Composite parent, Theme theme, Services services, MessengerModel model, ThemeChoice themes,
            Notifier notifier, BooleanSupplier notificationsOn, Consumer<Settings> settingsSaved,
            Runnable switchProfile) {
        this.theme = theme;
        this.services = services;
        this.model = model;
        this.notifier = notifier;
        this.notificationsOn = notificationsOn;
        this.themes = themes;
        this.settingsSaved = settingsSaved;
        this.switchProfile = switchProfile;
        root = new Composite(parent, SWT.NONE);
        root.setBackground(theme.border);
        var rootLayout = Ui.grid(2, 0, 0);
        rootLayout.horizontalSpacing = 1;
        root.setLayout(rootLayout);

        Composite side = Ui.id(new Composite(root, SWT.NONE), "sidebar");
        side.setBackground(theme.sidebar);
        GridData sd = new GridData(SWT.FILL, SWT.FILL, false, true);
        sd.widthHint = 320;
        side.setLayoutData(sd);
        side.setLayout(Ui.grid(1, 0, 0));

        selfHeader = Ui.id(new Canvas(side, SWT.DOUBLE_BUFFERED), "self");
        GridData hd = new GridData(SWT.FILL, SWT.TOP, true, false);
        hd.heightHint = 76;
        selfHeader.setLayoutData(hd);
        selfHeader.addPaintListener(e -> paintSelf(e.gc));
        selfHeader.addListener(SWT.MouseDown, e -> showProfile());
        selfHeader.setToolTipText("My profile (Ctrl+P)");
        // reachable by keyboard too: Tab stops here, Enter or Space opens My profile
        selfHeader.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_TAB_NEXT || e.detail == SWT.TRAVERSE_TAB_PREVIOUS) {
                e.doit = true;
            }
        });
        selfHeader.addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR || e.character == ' ') {
                showProfile();
            }
        });
        selfHeader.addListener(SWT.FocusIn, e -> selfHeader.redraw());
        selfHeader.addListener(SWT.FocusOut, e -> selfHeader.redraw());

        Composite searchBox = new Composite(side, SWT.NONE);
        searchBox.setBackground(theme.sidebar);
        searchBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        searchBox.setLayout(Ui.grid(1, 12, 0));
        ((org.eclipse.swt.layout.GridLayout) searchBox.getLayout()).marginTop = 0;
        search = Ui.id(new Text(searchBox, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL | SWT.BORDER), "search");
        search.setMessage("Search contacts  (Ctrl+K)");
        search.setFont(theme.normal);
        search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        search.addListener(SWT.Modify, e -> model.setFilter(search.getText()));
        search.addListener(SWT.DefaultSelection, e -> {
            List<Contact> visible = model.visibleContacts();
            if (!visible.isEmpty()) {
                select(visible.get(0).key());
                this.input.setFocus();
            }
        });
        search.addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.ARROW_DOWN) {
                this.contacts.control().setFocus();
            }
        });

        contacts = new ContactListView(side, theme, this::select);
        contacts.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        Composite actions = new Composite(side, SWT.NONE);
        actions.setBackground(theme.sidebar);
        actions.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        actions.setLayout(Ui.grid(2, 12, 8));
        Button add = Ui.button(actions, "+  Add friend", theme, "addfriend", true);
        ((GridData) add.getLayoutData()).grabExcessHorizontalSpace = true;
        add.addListener(SWT.Selection, e -> addFriend());
        requestsButton = Ui.button(actions, "Requests", theme, "requests", false);
        ((GridData) requestsButton.getLayoutData()).grabExcessHorizontalSpace = true;
        requestsButton.addListener(SWT.Selection, e -> showRequests());
        Button addonsButton = Ui.button(actions, "Add-ons", theme, "addons", false);
        ((GridData) addonsButton.getLayoutData()).grabExcessHorizontalSpace = true;
        addonsButton.addListener(SWT.Selection, e -> showAddons());
        Button settingsButton = Ui.button(actions, "Settings", theme, "settings.open", false);
        ((GridData) settingsButton.getLayoutData()).grabExcessHorizontalSpace = true;
        settingsButton.addListener(SWT.Selection, e -> showSettings());

        right = new Composite(root, SWT.NONE);
        right.setBackground(theme.background);
        right.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        right.setLayout(rightStack);

        emptyPanel = new Composite(right, SWT.NONE);
        emptyPanel.setBackground(theme.chatBackground);
        emptyPanel.setLayout(Ui.grid(1, 0, 8));
        Label hello = Ui.label(emptyPanel, "Welcome to Parley", theme, theme.big, theme.text);
        hello.setBackground(theme.chatBackground);
        hello.setLayoutData(new GridData(SWT.CENTER, SWT.END, true, true));
        Label hint = Ui.label(emptyPanel, "Pick a contact on the left, or add a friend with their Tox ID.\n"
                + "Share yours from My profile (click your name).", theme, theme.normal, theme.secondary);
        hint.setBackground(theme.chatBackground);
        hint.setAlignment(SWT.CENTER);
        hint.setLayoutData(new GridData(SWT.CENTER, SWT.BEGINNING, true, true));

        chatPanel = new Composite(right, SWT.NONE);
        chatPanel.setBackground(theme.chatBackground);
        chatPanel.setLayout(Ui.grid(1, 0, 0));
        chatHeader = Ui.id(new Canvas(chatPanel, SWT.DOUBLE_BUFFERED), "chat.header");
        GridData chd = new GridData(SWT.FILL, SWT.TOP, true, false);
        chd.heightHint = 68;
        chatHeader.setLayoutData(chd);
        chatHeader.addPaintListener(e -> paintChatHeader(e.gc));
        chat = new ChatView(chatPanel, theme);
        chat.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        chat.setEmptyText("No messages yet. Say hello!");
        typing = Ui.id(Ui.label(chatPanel, " ", theme, theme.small, theme.secondary), "typing");
        typing.setBackground(theme.chatBackground);
        GridData td = new GridData(SWT.FILL, SWT.CENTER, true, false);
        td.horizontalIndent = 22;
        typing.setLayoutData(td);
        Composite inputRow = new Composite(chatPanel, SWT.NONE);
        inputRow.setBackground(theme.background);
        inputRow.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        inputRow.setLayout(Ui.grid(2, 14, 10));
        inputRow.addPaintListener(e -> {
            e.gc.setForeground(theme.border);
            e.gc.drawLine(0, 0, inputRow.getClientArea().width, 0);
        });
        input = Ui.id(new Text(inputRow, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER), "input");
        input.setFont(theme.normal);
        input.setMessage("Write a message…  (Enter sends, Shift+Enter for a new line)");
        GridData id = new GridData(SWT.FILL, SWT.CENTER, true, false);
        id.heightHint = 56;
        input.setLayoutData(id);
        input.addListener(SWT.KeyDown, this::inputKey);
        input.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_RETURN) {
                e.doit = false;
            }
        });
        input.addListener(SWT.Modify, e -> typingState(!input.getText().isEmpty()));
        Button send = Ui.button(inputRow, "Send", theme, "send", true);
        send.addListener(SWT.Selection, e -> send());

        rightStack.topControl = emptyPanel;
        model.addListener(this);
        changed();
    }

    Composite control() {
        return root;
    }

    private RequestsPanel requestsPanel() {
        if (requestsPanel == null) {
            requestsPanel = new RequestsPanel(right, theme, services, model);
        }
        return requestsPanel;
    }

    private ProfilePanel profilePanel() {
        if (profilePanel == null) {
            profilePanel = new ProfilePanel(right, theme, services, () -> {
                updateSelf();
                selfHeader.redraw();
            }, switchProfile);
        }
        return profilePanel;
    }

    private SettingsPanel settingsPanel() {
        if (settingsPanel == null) {
            settingsPanel = new SettingsPanel(right, theme, services, themes, settingsSaved);
        }
        return settingsPanel;
    }

    private AddonsPanel addonsPanel() {
        if (addonsPanel == null) {
            addonsPanel = new AddonsPanel(right, theme, services);
        }
        return addonsPanel;
    }

    /** Whether the right side shows {@code page} (a page not built yet is not shown). */
    private boolean showing(Object page) {
        Control control = page instanceof RequestsPanel p ? p.control()
                : page instanceof ProfilePanel p ? p.control()
                : page instanceof SettingsPanel p ? p.control()
                : page instanceof AddonsPanel p ? p.control() : null;
        return control != null && rightStack.topControl == control;
    }

    /** Loads friends, requests and us from the services (the Messenger just came up). */
    void load() {
        if (!services.messengerUp()) {
            return;
        }
        model.friendsLoaded(services.friends.friends());
        model.requestsLoaded(services.friends.requests());
        updateSelf();
    }

    void updateSelf() {
        if (services.profile != null) {
            model.setSelf(services.profile.name(), services.profile.status());
        }
    }

    @Override
    public void changed() {
        if (root.isDisposed()) {
            return;
        }
        String sel = model.selected().map(Contact::key).orElse(null);
        contacts.show(model.visibleContacts(), sel);
        int n = model.requests().size();
        requestsButton.setText(n == 0 ? "Requests" : "Requests (" + n + ")");
        requestsButton.setData("parley.count", n);
        selfHeader.redraw();
        if (root.isVisible()) {
            root.getShell().setText(model.title());
        }
        int unread = model.totalUnread() + model.unseenRequests();
        if (unread != badge) {
            badge = unread;
            notifier.unread(unread, theme);
        }
        if (showing(requestsPanel)) {
            requestsPanel.refresh();
        }
        if (sel != null && rightStack.topControl == chatPanel) {
            List<ChatMessage> messages = model.conversation(sel).messages();
            chat.show(messages);
            Contact c = model.selected().get();
            typing.setText(model.conversation(sel).typing() ? c.name() + " is typing…" : " ");
            chatHeader.redraw();
            chatHeader.setData("parley.connection", c.connectionLine());
        } else if (sel == null && rightStack.topControl == chatPanel) {
            show(emptyPanel);
        }
    }

    @Override
    public void requestArrived(FriendRequest request) {
        Attention.request(notificationsOn.getAsBoolean(), model.focused(), request)
                .ifPresent(a -> notifier.show(a, this::showRequests));
    }

    @Override
    public void messageArrived(Contact from, ChatMessage message, boolean seen) {
        Attention.message(notificationsOn.getAsBoolean(), model.focused(), seen, from, message)
                .ifPresent(a -> notifier.show(a, () -> openChat(from.key())));
    }

    void showSettings() {
        settingsPanel().refresh();
        show(settingsPanel.control());
    }

    void showAddons() {
        addonsPanel().refresh();
        show(addonsPanel.control());
    }

    /** The manager's list changed (a page not built yet reads it when it is). */
    void addonsChanged(List<Addon> addons) {
        if (addonsPanel != null) {
            addonsPanel.show(addons);
        }
    }

    /** A theme came or went: the settings page's menu follows. */
    void themesChanged() {
        if (showing(settingsPanel)) {
            settingsPanel.themesChanged(settingsPanel.selectedTheme());
        }
    }

    State state() {
        Control top = rightStack.topControl;
        Page page = top == chatPanel ? Page.CHAT : showing(requestsPanel) ? Page.REQUESTS
                : showing(profilePanel) ? Page.PROFILE : showing(settingsPanel) ? Page.SETTINGS
                : showing(addonsPanel) ? Page.ADDONS : Page.EMPTY;
        return new State(page, chatKey, input.getText(), search.getText(),
                settingsPanel == null ? "" : settingsPanel.status());
    }

    void restore(State s) {
        if (!s.search().isEmpty()) {
            search.setText(s.search());
        }
        if (s.chatKey() != null && model.contact(s.chatKey()).isPresent()) {
            select(s.chatKey());
            input.setText(s.draft());
        }
        switch (s.page()) {
            case REQUESTS -> showRequests();
            case PROFILE -> showProfile();
            case SETTINGS -> {
                showSettings();
                settingsPanel.status(s.settingsStatus());
            }
            case ADDONS -> showAddons();
            case CHAT, EMPTY -> {
            }
        }
    }

    /** Another profile comes: nothing of this one stays on screen (the model is cleared apart). */
    void reset() {
        typingSent = false;
        chatKey = null;
        search.setText("");
        input.setText("");
        chat.show(List.of());
        show(emptyPanel);
    }

    /** Switching profiles failed: the profile page says why. */
    void switchFailed(String why) {
        showProfile();
        profilePanel().say(why, true);
    }

    void dispose() {
        model.removeListener(this);
        root.dispose();
    }

    private void show(Control panel) {
        rightStack.topControl = panel;
        right.layout(true, true);
    }

    void select(String key) {
        if (chatKey != null && !chatKey.equals(key)) {
            typingState(false);
        }
        chatKey = key;
        show(chatPanel);
        model.select(key);
        input.setText("");
    }

    /** The chat with this contact, as it is when it is open already (its draft kept). */
    void openChat(String key) {
        if (!key.equals(chatKey) || rightStack.topControl != chatPanel) {
            select(key);
        }
    }

    void closeChat() {
        typingState(false);
        chatKey = null;
        model.select(null);
        show(emptyPanel);
    }

    void showRequests() {
        requestsPanel().refresh();
        show(requestsPanel.control());
    }

    void showProfile() {
        profilePanel().refresh();
        show(profilePanel.control());
    }

    void addFriend() {
        String own = services.profile == null ? "" : services.profile.toxId();
        Set<String> keys = services.friends == null ? Set.of()
                : services.friends.friends().stream().map(f -> f.key().hex()).collect(Collectors.toSet());
        AddFriendDialog.open(root.getShell(), theme, services, new AddFriendForm(own, keys), (Friend f) -> {
            model.friendAdded(f);
            select(f.key().hex());
        });
    }

    /** Ctrl+K: to the search box, everything selected. */
    void focusSearch() {
        search.setFocus();
        search.selectAll();
    }

    /** Esc: clear the search, else the input, else close the side panel. */
    void escape() {
        if (!search.getText().isEmpty()) {
            search.setText("");
        } else if (input.isFocusControl() && !input.getText().isEmpty()) {
            input.setText("");
        } else if (rightStack.topControl != chatPanel && rightStack.topControl != emptyPanel) {
            if (chatKey != null) {
                show(chatPanel);
                changed();
            } else {
                show(emptyPanel);
            }
        }
    }

    private void inputKey(Event e) {
        boolean enter = e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR;
        switch (Composer.onKey(enter, (e.stateMask & SWT.SHIFT) != 0, false)) {
            case SEND -> {
                e.doit = false;
                send();
            }
            case NEW_LINE, NONE -> {
            }
        }
    }

    private void typingState(boolean now) {
        if (chatKey == null || services.chat == null || now == typingSent) {
            return;
        }
        typingSent = now;
        try {
            services.chat.setTyping(new FriendKey(chatKey), now);
        } catch (RuntimeException ignored) {
            // not a friend any more
        }
    }

    void send() {
        String key = chatKey;
        if (key == null || services.chat == null) {
            return;
        }
        var outgoing = Composer.parse(input.getText());
        if (outgoing.isEmpty()) {
            return;
        }
        try {
            long id = services.chat.send(new FriendKey(key), outgoing.get().kind(), outgoing.get().text());
            model.messageSent(key, id, outgoing.get().kind(), outgoing.get().text(), Instant.now());
            input.setText("");
            typingState(false);
        } catch (IllegalArgumentException ex) {
            typing.setText(ex.getMessage());
        }
    }

    private void paintSelf(GC gc) {
        Rectangle r = selfHeader.getClientArea();
        gc.setBackground(theme.sidebar);
        gc.fillRectangle(r);
        String name = model.selfName().isEmpty() ? "Me" : model.selfName();
        selfHeader.setData("parley.name", name);
        String key = services.profile == null ? "0" : services.profile.publicKey();
        theme.avatar(gc, 16, 16, 44, key, name);
        Contact.Presence p = switch (model.selfStatus()) {
            case ONLINE -> Contact.Presence.ONLINE;
            case AWAY -> Contact.Presence.AWAY;
            case BUSY -> Contact.Presence.BUSY;
        };
        boolean connected = model.selfConnection() != dev.parley.api.friends.Connection.NONE;
        theme.dot(gc, 16 + 39, 16 + 39, 6, connected ? theme.presence(p) : theme.offline, theme.sidebar);
        gc.setFont(theme.title);
        gc.setForeground(theme.text);
        gc.drawText(ContactListView.ellipsize(gc, name, r.width - 90), 72, 16, true);
        gc.setFont(theme.small);
        gc.setForeground(connected ? theme.ok : theme.secondary);
        String line = model.connectionLabel();
        gc.drawText(line, 72, 44, true);
        selfHeader.setData("parley.connection", line);
        gc.setForeground(theme.border);
        gc.drawLine(0, r.height - 1, r.width, r.height - 1);
        if (selfHeader.isFocusControl()) {
            gc.setForeground(theme.accent);
            gc.drawRoundRectangle(4, 4, r.width - 9, r.height - 9, 10, 10);
        }
    }

    private void paintChatHeader(GC gc) {
        Rectangle r = chatHeader.getClientArea();
        gc.setBackground(theme.background);
        gc.fillRectangle(r);
        model.selected().ifPresent(c -> {
            theme.avatar(gc, 20, 14, 40, c.key(), c.name());
            theme.dot(gc, 20 + 36, 14 + 36, 6, theme.presence(c.presence()), theme.background);
            gc.setFont(theme.title);
            gc.setForeground(theme.text);
            gc.drawText(c.name(), 74, 14, true);
            gc.setFont(theme.small);
            gc.setForeground(c.online() ? theme.ok : theme.secondary);
            String line = c.connectionLine();
            Point e = gc.textExtent(line);
            gc.drawText(line, 74, 42, true);
            if (c.statusMessage() != null && !c.statusMessage().isBlank()) {
                gc.setForeground(theme.secondary);
                gc.drawText(ContactListView.ellipsize(gc, "— " + c.statusMessage(), r.width - 74 - e.x - 30),
                        74 + e.x + 10, 42, true);
            }
        });
        gc.setForeground(theme.border);
        gc.drawLine(0, r.height - 1, r.width, r.height - 1);
    }
}
