package dev.parley.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandsTest {

    static final String A = "A".repeat(64);
    static final String B = "B".repeat(64);
    static final String C = "C".repeat(64);

    /** Profile, friends and chat in memory. */
    static final class Fake implements ProfileService, FriendsService, ChatService {
        String name = "me";
        String statusMessage = "";
        UserStatus status = UserStatus.ONLINE;
        int nospam = 0x01020304;
        final Map<FriendKey, Friend> friends = new LinkedHashMap<>();
        final List<FriendRequest> requests = new ArrayList<>();
        final List<String> sent = new ArrayList<>();

        @Override
        public String toxId() {
            return "F".repeat(64) + String.format("%08X", nospam) + "ABCD";
        }

        @Override
        public String publicKey() {
            return "F".repeat(64);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void setName(String n) {
            if (n.length() > 128) {
                throw new IllegalArgumentException("a name has at most 128 UTF-8 bytes");
            }
            name = n;
        }

        @Override
        public UserStatus status() {
            return status;
        }

        @Override
        public void setStatus(UserStatus s) {
            status = s;
        }

        @Override
        public String statusMessage() {
            return statusMessage;
        }

        @Override
        public void setStatusMessage(String m) {
            statusMessage = m;
        }

        @Override
        public int nospam() {
            return nospam;
        }

        @Override
        public void setNospam(int n) {
            nospam = n;
        }

        Friend put(String hex, int number, String name, Connection c) {
            Friend f = new Friend(new FriendKey(hex), number, true, name, "", UserStatus.ONLINE, c, false,
                    Optional.empty());
            friends.put(f.key(), f);
            return f;
        }

        @Override
        public Friend add(String toxId, String message) {
            return put(FriendKey.parse(toxId).hex(), friends.size(), "", Connection.NONE);
        }

        @Override
        public List<FriendRequest> requests() {
            return List.copyOf(requests);
        }

        @Override
        public Friend accept(FriendKey key) {
            requests.removeIf(r -> r.key().equals(key));
            return put(key.hex(), friends.size(), "", Connection.NONE);
        }

        @Override
        public boolean decline(FriendKey key) {
            return requests.removeIf(r -> r.key().equals(key));
        }

        @Override
        public boolean remove(FriendKey key) {
            return friends.remove(key) != null;
        }

        @Override
        public List<Friend> friends() {
            return List.copyOf(friends.values());
        }

        @Override
        public Optional<Friend> friend(FriendKey key) {
            return Optional.ofNullable(friends.get(key));
        }

        @Override
        public long send(FriendKey to, MessageKind kind, String text) {
            sent.add(to.hex() + " " + kind + " " + text);
            return sent.size();
        }

        @Override
        public void setTyping(FriendKey to, boolean typing) {
        }
    }

    final Fake fake = new Fake();
    final Commands commands = new Commands(() -> fake, () -> fake, () -> fake);

    @Test
    void profileGettersAndSetters() {
        assertEquals(List.of(fake.toxId()), commands.id());
        assertEquals(List.of("me"), commands.name());
        assertEquals(List.of("Alice Liddell"), commands.name("Alice", "Liddell"));
        assertEquals("Alice Liddell", fake.name);
        assertEquals(List.of("online"), commands.status());
        assertEquals(List.of("busy"), commands.status("BUSY"));
        assertEquals(List.of("error: not a status: asleep (online, away or busy)"), commands.status("asleep"));
        assertEquals(List.of("gone fishing"), commands.statusmessage("gone", "fishing"));
        assertEquals(List.of("01020304"), commands.nospam());
        assertEquals(List.of("DEADBEEF"), commands.nospam("deadbeef"));
        assertEquals(0xDEADBEEF, fake.nospam);
        assertEquals(List.of("error: a nospam is 1 to 8 hex digits: xyz"), commands.nospam("xyz"));
        assertEquals(List.of("error: a name has at most 128 UTF-8 bytes"), commands.name("x".repeat(200)));
    }

    @Test
    void friendsAndRequests() {
        fake.put(A, 0, "Bob\tthe\nbuilder", Connection.UDP);
        assertEquals(List.of("0\t" + A + "\tBob the builder\tudp"), commands.friends());
        assertEquals(List.of("1\t" + B + "\t\tnone"), commands.add(B + "00000000ABCD", "hi", "there"));
        assertEquals(List.of("error: usage: parley:add ADDRESS MESSAGE"), commands.add(B));
        fake.requests.add(new FriendRequest(new FriendKey(C), "let me in", Instant.EPOCH));
        fake.requests.add(new FriendRequest(new FriendKey(A.replace('A', 'D')), "me too", Instant.EPOCH));
        assertEquals(List.of("0\t" + C + "\tlet me in", "1\t" + "D".repeat(64) + "\tme too"), commands.requests());
        assertEquals(List.of("declined\t" + "D".repeat(64)), commands.decline("1"));
        assertEquals(List.of("error: no request 5 (1 pending)"), commands.accept("5"));
        assertEquals(List.of("error: not a request number: x"), commands.accept("x"));
        assertEquals(List.of("2\t" + C + "\t\tnone"), commands.accept("0"));
        assertTrue(commands.requests().isEmpty());
        assertEquals(List.of("removed\t" + B), commands.remove("1"));
        assertEquals(List.of("removed\t" + C), commands.remove(C.toLowerCase()));
        assertEquals(List.of("error: no friend number 7"), commands.remove("7"));
        assertEquals(List.of("error: not a friend number, public key or Tox address: zz"), commands.remove("zz"));
    }

    @Test
    void sendAndAction() {
        fake.put(A, 0, "Bob", Connection.UDP);
        assertEquals(List.of("sent\t0\t1"), commands.send("0", "hello", "world"));
        assertEquals(List.of("sent\t0\t2"), commands.action(A, "waves"));
        assertEquals(List.of(A + " NORMAL hello world", A + " ACTION waves"), fake.sent);
        assertEquals(List.of("error: usage: parley:send FRIEND TEXT"), commands.send("0"));
        assertEquals(List.of("error: not a friend: " + B), commands.send(B, "hi"));
    }

    @Test
    void withoutAProfileEveryCommandSaysSoInOneLine() {
        Commands none = new Commands(() -> null, () -> null, () -> null);
        for (List<String> out : List.of(none.id(), none.name("x"), none.status(), none.statusmessage(),
                none.nospam(), none.add(A, "hi"), none.requests(), none.accept("0"), none.decline("0"),
                none.friends(), none.send("0", "x"), none.action("0", "x"), none.remove("0"))) {
            assertEquals(List.of(Commands.NO_PROFILE), out);
        }
    }
}
