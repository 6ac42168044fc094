package dev.parley.console.internal;

import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import java.io.PrintStream;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Gogo commands of scope {@code parley}, a thin shell over {@link Commands}. The profile,
 * friends and chat services are optional: without a loaded profile every command prints one
 * error line.
 */
@Component(service = ParleyCommands.class, immediate = true, property = {
    "osgi.command.scope=parley",
    "osgi.command.function=id", "osgi.command.function=name", "osgi.command.function=status",
    "osgi.command.function=statusmessage", "osgi.command.function=nospam", "osgi.command.function=add",
    "osgi.command.function=requests", "osgi.command.function=accept", "osgi.command.function=decline",
    "osgi.command.function=friends", "osgi.command.function=send", "osgi.command.function=action",
    "osgi.command.function=remove"})
public final class ParleyCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProfileService profile;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FriendsService friendsService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ChatService chat;

    private final Commands commands = new Commands(() -> profile, () -> friendsService, () -> chat);

    private static void print(List<String> lines) {
        PrintStream out = System.out;
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    @Descriptor("print my Tox address")
    public void id() {
        print(commands.id());
    }

    @Descriptor("print my name, or set it")
    public void name(@Descriptor("the new name") String... text) {
        print(commands.name(text));
    }

    @Descriptor("print my status, or set it: online, away or busy")
    public void status(@Descriptor("online, away or busy") String... status) {
        print(commands.status(status));
    }

    @Descriptor("print my status message, or set it")
    public void statusmessage(@Descriptor("the new status message") String... text) {
        print(commands.statusmessage(text));
    }

    @Descriptor("print my nospam (8 hex digits), or set it")
    public void nospam(@Descriptor("the new nospam in hex") String... hex) {
        print(commands.nospam(hex));
    }

    @Descriptor("send a friend request: ADDRESS MESSAGE")
    public void add(@Descriptor("Tox address, then the message") String... args) {
        print(commands.add(args));
    }

    @Descriptor("list friend requests: N, public key, message")
    public void requests() {
        print(commands.requests());
    }

    @Descriptor("accept friend request N")
    public void accept(@Descriptor("request number") String... n) {
        print(commands.accept(n));
    }

    @Descriptor("decline friend request N")
    public void decline(@Descriptor("request number") String... n) {
        print(commands.decline(n));
    }

    @Descriptor("list friends: number, public key, name, connection")
    public void friends() {
        print(commands.friends());
    }

    @Descriptor("send a message: FRIEND TEXT")
    public void send(@Descriptor("friend number or public key, then the text") String... args) {
        print(commands.send(args));
    }

    @Descriptor("send an action (/me): FRIEND TEXT")
    public void action(@Descriptor("friend number or public key, then the text") String... args) {
        print(commands.action(args));
    }

    @Descriptor("remove a friend: FRIEND")
    public void remove(@Descriptor("friend number or public key") String... friend) {
        print(commands.remove(friend));
    }
}
