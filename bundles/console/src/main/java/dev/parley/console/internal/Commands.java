package dev.parley.console.internal;

import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@code parley:*} commands without any framework: each takes the words typed after the
 * command and returns the lines to print. Output is one line per item, fields separated by a tab
 * (texts have tabs and line breaks replaced by spaces); a failure is one line starting with
 * {@code error: }.
 *
 * <ul>
 * <li>{@code id}: the Tox address (76 hex digits)</li>
 * <li>{@code name [TEXT]}, {@code statusmessage [TEXT]}: the value, after setting it if given</li>
 * <li>{@code status [online|away|busy]}: the status, after setting it if given</li>
 * <li>{@code nospam [HEX]}: the nospam as 8 hex digits, after setting it if given</li>
 * <li>{@code add ADDRESS MESSAGE}, {@code accept N}, {@code friends}: friend lines
 *     {@code NUMBER KEY NAME CONNECTION} (connection none, udp or tcp)</li>
 * <li>{@code requests}: {@code N KEY MESSAGE}, N counting from 0 in arrival order</li>
 * <li>{@code decline N}, {@code remove FRIEND}: {@code declined KEY}, {@code removed KEY}</li>
 * <li>{@code send FRIEND TEXT}, {@code action FRIEND TEXT}: {@code sent NUMBER MESSAGE_ID}</li>
 * </ul>
 * FRIEND is a friend number, a public key or a Tox address.
 */
final class Commands {

    static final String NO_PROFILE = "error: no profile is loaded (configure dev.parley.onion with a profile)";

    private final Supplier<ProfileService> profile;
    private final Supplier<FriendsService> friends;
    private final Supplier<ChatService> chat;

    Commands(Supplier<ProfileService> profile, Supplier<FriendsService> friends, Supplier<ChatService> chat) {
        this.profile = profile;
        this.friends = friends;
        this.chat = chat;
    }

    /** A failure the user caused: its message is the error line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Body {
        List<String> run();
    }

    private static List<String> guarded(Body body) {
        try {
            return body.run();
        } catch (NoServiceException e) {
            return List.of(NO_PROFILE);
        } catch (RuntimeException e) {
            String m = e.getMessage();
            return List.of("error: " + clean(m == null || m.isBlank() ? e.getClass().getSimpleName() : m));
        }
    }

    private static final class NoServiceException extends RuntimeException {
    }

    private static <T> T need(Supplier<T> s) {
        T t = s.get();
        if (t == null) {
            throw new NoServiceException();
        }
        return t;
    }

    // ---- profile ----

    List<String> id() {
        return guarded(() -> List.of(need(profile).toxId()));
    }

    List<String> name(String... text) {
        return guarded(() -> {
            ProfileService p = need(profile);
            if (text.length > 0) {
                p.setName(join(text, 0));
            }
            return List.of(clean(p.name()));
        });
    }

    List<String> status(String... args) {
        return guarded(() -> {
            ProfileService p = need(profile);
            if (args.length > 1) {
                throw new UsageException("usage: parley:status [online|away|busy]");
            }
            if (args.length == 1) {
                UserStatus s;
                try {
                    s = UserStatus.valueOf(args[0].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("not a status: " + args[0] + " (online, away or busy)");
                }
                p.setStatus(s);
            }
            return List.of(p.status().name().toLowerCase(Locale.ROOT));
        });
    }

    List<String> statusmessage(String... text) {
        return guarded(() -> {
            ProfileService p = need(profile);
            if (text.length > 0) {
                p.setStatusMessage(join(text, 0));
            }
            return List.of(clean(p.statusMessage()));
        });
    }

    List<String> nospam(String... args) {
        return guarded(() -> {
            ProfileService p = need(profile);
            if (args.length > 1) {
                throw new UsageException("usage: parley:nospam [HEX]");
            }
            if (args.length == 1) {
                String hex = args[0].strip();
                if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                    throw new UsageException("a nospam is 1 to 8 hex digits: " + hex);
                }
                p.setNospam(Integer.parseUnsignedInt(hex, 16));
            }
            return List.of(HexFormat.of().withUpperCase().toHexDigits(p.nospam()));
        });
    }

    // ---- friends ----

    List<String> add(String... args) {
        return guarded(() -> {
            if (args.length < 2) {
                throw new UsageException("usage: parley:add ADDRESS MESSAGE");
            }
            return List.of(friendLine(need(friends).add(args[0], join(args, 1))));
        });
    }

    List<String> requests() {
        return guarded(() -> {
            List<String> out = new ArrayList<>();
            List<FriendRequest> rs = need(friends).requests();
            for (int i = 0; i < rs.size(); i++) {
                out.add(i + "\t" + rs.get(i).key().hex() + "\t" + clean(rs.get(i).message()));
            }
            return out;
        });
    }

    List<String> accept(String... args) {
        return guarded(() -> {
            FriendsService f = need(friends);
            return List.of(friendLine(f.accept(request(f, args, "accept"))));
        });
    }

    List<String> decline(String... args) {
        return guarded(() -> {
            FriendsService f = need(friends);
            FriendKey key = request(f, args, "decline");
            if (!f.decline(key)) {
                throw new UsageException("no request from " + key.hex());
            }
            return List.of("declined\t" + key.hex());
        });
    }

    List<String> friends() {
        return guarded(() -> need(friends).friends().stream().map(Commands::friendLine).toList());
    }

    List<String> remove(String... args) {
        return guarded(() -> {
            if (args.length != 1) {
                throw new UsageException("usage: parley:remove FRIEND");
            }
            FriendsService f = need(friends);
            Friend friend = friend(f, args[0]);
            if (!f.remove(friend.key())) {
                throw new UsageException("not a friend: " + args[0]);
            }
            return List.of("removed\t" + friend.key().hex());
        });
    }

    // ---- chat ----

    List<String> send(String... args) {
        return message(MessageKind.NORMAL, "send", args);
    }

    List<String> action(String... args) {
        return message(MessageKind.ACTION, "action", args);
    }

    private List<String> message(MessageKind kind, String command, String... args) {
        return guarded(() -> {
            if (args.length < 2) {
                throw new UsageException("usage: parley:" + command + " FRIEND TEXT");
            }
            FriendsService f = need(friends);
            ChatService c = need(chat);
            Friend friend = friend(f, args[0]);
            long id = c.send(friend.key(), kind, join(args, 1));
            return List.of("sent\t" + friend.number() + "\t" + id);
        });
    }

    // ---- helpers ----

    private static FriendKey request(FriendsService f, String[] args, String command) {
        if (args.length != 1) {
            throw new UsageException("usage: parley:" + command + " N");
        }
        List<FriendRequest> rs = f.requests();
        int n;
        try {
            n = Integer.parseInt(args[0].strip());
        } catch (NumberFormatException e) {
            throw new UsageException("not a request number: " + args[0]);
        }
        if (n < 0 || n >= rs.size()) {
            throw new UsageException("no request " + n + " (" + rs.size() + " pending)");
        }
        return rs.get(n).key();
    }

    /** A friend by number, public key or Tox address. */
    static Friend friend(FriendsService f, String ref) {
        String r = ref.strip();
        if (r.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(r);
            return f.friends().stream().filter(x -> x.number() == n).findFirst()
                    .orElseThrow(() -> new UsageException("no friend number " + n));
        }
        FriendKey key;
        try {
            key = FriendKey.parse(r);
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a friend number, public key or Tox address: " + ref);
        }
        return f.friend(key).orElseThrow(() -> new UsageException("not a friend: " + key.hex()));
    }

    static String friendLine(Friend f) {
        return f.number() + "\t" + f.key().hex() + "\t" + clean(f.name()) + "\t"
                + f.connection().name().toLowerCase(Locale.ROOT);
    }

    private static String join(String[] words, int from) {
        return String.join(" ", java.util.Arrays.asList(words).subList(from, words.length));
    }

    static String clean(String text) {
        return text == null ? "" : text.replaceAll("[\\t\\r\\n]", " ");
    }
}
