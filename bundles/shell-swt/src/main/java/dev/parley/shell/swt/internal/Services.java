package dev.parley.shell.swt.internal;

import dev.parley.api.account.AccountService;
import dev.parley.api.addon.AddonManager;
import dev.parley.api.settings.SettingsService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;

/** The api services the window uses right now; the Messenger's come and go with the profile. */
final class Services {
    final AccountService account;
    volatile ProfileService profile;
    volatile FriendsService friends;
    volatile ChatService chat;
    volatile SettingsService settings;
    volatile AddonManager addons;

    Services(AccountService account) {
        this.account = account;
    }

    boolean messengerUp() {
        return profile != null && friends != null && chat != null;
    }
}
