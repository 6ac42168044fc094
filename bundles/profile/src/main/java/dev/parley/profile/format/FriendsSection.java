package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 0x03: the friend list, a plain array of {@link FriendRecord}s of {@value
 * FriendRecord#SIZE} bytes each. A payload that is not a multiple of that size is reported corrupt
 * (c-toxcore rejects the whole save too).
 *
 * @param friends the friends in file order; a friend's position is its friend number after loading
 */
public record FriendsSection(List<FriendRecord> friends) implements Section {

    public FriendsSection {
        friends = Bytes.list(friends, "friends");
    }

    public static FriendsSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.FRIENDS));
    }

    static FriendsSection decode(Input in) throws CorruptProfileException {
        if (in.remaining() % FriendRecord.SIZE != 0) {
            throw in.error("payload is " + in.remaining() + " bytes, not a multiple of the friend record size "
                    + FriendRecord.SIZE + " (" + in.remaining() / FriendRecord.SIZE + " whole records and "
                    + in.remaining() % FriendRecord.SIZE + " bytes left over)");
        }
        List<FriendRecord> friends = new ArrayList<>();
        while (!in.atEnd()) {
            friends.add(FriendRecord.decode(in, "friend #" + friends.size()));
        }
        return new FriendsSection(friends);
    }

    @Override
    public int type() {
        return SectionType.FRIENDS;
    }

    @Override
    public byte[] encodePayload() {
        Output out = new Output(friends.size() * FriendRecord.SIZE);
        for (FriendRecord f : friends) {
            f.encode(out);
        }
        return out.toByteArray();
    }
}
