package dev.parley.api.addon;

import org.osgi.annotation.versioning.ProviderType;
import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;

/**
 * What a {@link Bot} acts through. The services are those of the loaded profile; every call on
 * them throws {@link IllegalStateException} once the bot is disabled or when no profile is loaded.
 * May be kept and used from the bot's own threads while the bot is enabled.
 */
@ProviderType
public interface BotContext {

    /** The bot's name (its {@value Bot#NAME} property or class name). */
    String botName();

    /** Whether the bot is still enabled: false once it is disabled, stopped or uninstalled. */
    boolean enabled();

    ProfileService profile();

    FriendsService friends();

    ChatService chat();
}
