package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;

/**
 * One saved NGC group (c-toxcore {@code gc_save_pack_group}), a msgpack array of 7 arrays:
 *
 * <pre>
 * [ [ manually disconnected: bool, group name length: u16, privacy state: u8, max peers: u16,
 *     password length: u16, shared state version: u32, topic lock: u32, voice state: u8 ],
 *   [ shared state signature: bin 64, founder public key: bin 64 (encryption + signature key),
 *     group name: bin &lt;= 48, password: bin &lt;= 32, moderator list hash: bin 32 ],
 *   [ topic version: u32, topic length: u16, topic checksum: u16, topic: bin &lt;= 512,
 *     topic signer's public signature key: bin 32, topic signature: bin 64 ],
 *   [ moderator count: u16, moderator list: bin (count * 32) or nil when the count is 0 ],
 *   [ chat public key: bin 64, chat secret key: bin 96, self public key: bin 64, self secret key: bin 96 ],
 *   [ self nick length: u16, self role: u8, self status: u8, self nick: bin (exactly that length, &lt;= 128) ],
 *   [ saved peers size in bytes: u16, saved peers: bin (that size) or nil when it is 0 ] ]
 * </pre>
 * The length fields must agree with the bin they describe. The saved peer list is kept opaque (its
 * layout depends on c-toxcore's in-memory {@code IP_Port} size).
 */
public record NgcGroup(boolean manuallyDisconnected, int privacyState, int maxPeers, long sharedStateVersion,
                       long topicLock, int voiceState, byte[] sharedStateSignature, byte[] founderPublicKey,
                       byte[] groupName, byte[] password, byte[] moderatorListHash, long topicVersion,
                       int topicChecksum, byte[] topic, byte[] topicSignerKey, byte[] topicSignature,
                       byte[] moderators, byte[] chatPublicKey, byte[] chatSecretKey, byte[] selfPublicKey,
                       byte[] selfSecretKey, byte[] selfNick, int selfRole, int selfStatus, byte[] savedPeers) {
    public static final int SIGNATURE_SIZE = 64;
    public static final int EXT_PUBLIC_KEY_SIZE = 64;
    public static final int EXT_SECRET_KEY_SIZE = 96;
    public static final int SIG_PUBLIC_KEY_SIZE = 32;
    public static final int HASH_SIZE = 32;
    public static final int MAX_GROUP_NAME = 48;
    public static final int MAX_PASSWORD = 32;
    public static final int MAX_TOPIC = 512;
    public static final int MAX_NICK = 128;

    public NgcGroup {
        Bytes.unsigned(privacyState, 8, "privacy state");
        Bytes.unsigned(maxPeers, 16, "max peers");
        Bytes.unsigned32(sharedStateVersion, "shared state version");
        Bytes.unsigned32(topicLock, "topic lock");
        Bytes.unsigned(voiceState, 8, "voice state");
        sharedStateSignature = Bytes.exact(sharedStateSignature, SIGNATURE_SIZE, "shared state signature");
        founderPublicKey = Bytes.exact(founderPublicKey, EXT_PUBLIC_KEY_SIZE, "founder public key");
        groupName = Bytes.atMost(groupName, MAX_GROUP_NAME, "group name");
        password = Bytes.atMost(password, MAX_PASSWORD, "password");
        moderatorListHash = Bytes.exact(moderatorListHash, HASH_SIZE, "moderator list hash");
        Bytes.unsigned32(topicVersion, "topic version");
        Bytes.unsigned(topicChecksum, 16, "topic checksum");
        topic = Bytes.atMost(topic, MAX_TOPIC, "topic");
        topicSignerKey = Bytes.exact(topicSignerKey, SIG_PUBLIC_KEY_SIZE, "topic signer key");
        topicSignature = Bytes.exact(topicSignature, SIGNATURE_SIZE, "topic signature");
        moderators = Bytes.atMost(moderators, 0xFFFF * SIG_PUBLIC_KEY_SIZE, "moderator list");
        if (moderators.length % SIG_PUBLIC_KEY_SIZE != 0) {
            throw new IllegalArgumentException("moderator list is not a whole number of 32-byte keys");
        }
        chatPublicKey = Bytes.exact(chatPublicKey, EXT_PUBLIC_KEY_SIZE, "chat public key");
        chatSecretKey = Bytes.exact(chatSecretKey, EXT_SECRET_KEY_SIZE, "chat secret key");
        selfPublicKey = Bytes.exact(selfPublicKey, EXT_PUBLIC_KEY_SIZE, "self public key");
        selfSecretKey = Bytes.exact(selfSecretKey, EXT_SECRET_KEY_SIZE, "self secret key");
        selfNick = Bytes.atMost(selfNick, MAX_NICK, "self nick");
        Bytes.unsigned(selfRole, 8, "self role");
        Bytes.unsigned(selfStatus, 8, "self status");
        savedPeers = Bytes.atMost(savedPeers, 0xFFFF, "saved peers");
    }

    public String groupNameText() {
        return new String(groupName, StandardCharsets.UTF_8);
    }

    public String topicText() {
        return new String(topic, StandardCharsets.UTF_8);
    }

    public String selfNickText() {
        return new String(selfNick, StandardCharsets.UTF_8);
    }

    /**
     * The 32-byte chat id that identifies the group ({@code tox_group_get_chat_id}): the signature
     * half, bytes 32..63, of the chat public key.
     */
    public byte[] chatId() {
        return java.util.Arrays.copyOfRange(chatPublicKey, 32, 64);
    }

    public int moderatorCount() {
        return moderators.length / SIG_PUBLIC_KEY_SIZE;
    }

    static NgcGroup decode(Input in, String what) throws CorruptProfileException {
        MsgPack.fixedArray(in, 7, what);

        MsgPack.fixedArray(in, 8, what + " state values");
        boolean disconnected = MsgPack.bool(in, what + " manually disconnected");
        int nameLength = (int) MsgPack.unsigned(in, 16, what + " group name length");
        int privacy = (int) MsgPack.unsigned(in, 8, what + " privacy state");
        int maxPeers = (int) MsgPack.unsigned(in, 16, what + " max peers");
        int passwordLength = (int) MsgPack.unsigned(in, 16, what + " password length");
        long version = MsgPack.unsigned(in, 32, what + " shared state version");
        long topicLock = MsgPack.unsigned(in, 32, what + " topic lock");
        int voice = (int) MsgPack.unsigned(in, 8, what + " voice state");

        MsgPack.fixedArray(in, 5, what + " shared state");
        byte[] stateSig = MsgPack.binExact(in, SIGNATURE_SIZE, what + " shared state signature");
        byte[] founder = MsgPack.binExact(in, EXT_PUBLIC_KEY_SIZE, what + " founder public key");
        long at = in.offset();
        byte[] name = MsgPack.bin(in, MAX_GROUP_NAME, what + " group name");
        agree(in, at, what + " group name", nameLength, name.length);
        at = in.offset();
        byte[] password = MsgPack.bin(in, MAX_PASSWORD, what + " password");
        agree(in, at, what + " password", passwordLength, password.length);
        byte[] modHash = MsgPack.binExact(in, HASH_SIZE, what + " moderator list hash");

        MsgPack.fixedArray(in, 6, what + " topic");
        long topicVersion = MsgPack.unsigned(in, 32, what + " topic version");
        int topicLength = (int) MsgPack.unsigned(in, 16, what + " topic length");
        int checksum = (int) MsgPack.unsigned(in, 16, what + " topic checksum");
        at = in.offset();
        byte[] topic = MsgPack.bin(in, MAX_TOPIC, what + " topic");
        agree(in, at, what + " topic", topicLength, topic.length);
        byte[] topicKey = MsgPack.binExact(in, SIG_PUBLIC_KEY_SIZE, what + " topic signer key");
        byte[] topicSig = MsgPack.binExact(in, SIGNATURE_SIZE, what + " topic signature");

        MsgPack.fixedArray(in, 2, what + " moderator list");
        int modCount = (int) MsgPack.unsigned(in, 16, what + " moderator count");
        byte[] mods;
        if (modCount == 0) {
            MsgPack.nil(in, what + " empty moderator list");
            mods = new byte[0];
        } else {
            mods = MsgPack.binExact(in, modCount * SIG_PUBLIC_KEY_SIZE, what + " moderator list");
        }

        MsgPack.fixedArray(in, 4, what + " keys");
        byte[] chatPk = MsgPack.binExact(in, EXT_PUBLIC_KEY_SIZE, what + " chat public key");
        byte[] chatSk = MsgPack.binExact(in, EXT_SECRET_KEY_SIZE, what + " chat secret key");
        byte[] selfPk = MsgPack.binExact(in, EXT_PUBLIC_KEY_SIZE, what + " self public key");
        byte[] selfSk = MsgPack.binExact(in, EXT_SECRET_KEY_SIZE, what + " self secret key");

        MsgPack.fixedArray(in, 4, what + " self info");
        at = in.offset();
        int nickLength = (int) MsgPack.unsigned(in, 16, what + " self nick length");
        if (nickLength > MAX_NICK) {
            throw in.errorAt(at, what + " self nick length is " + nickLength + ", the maximum is " + MAX_NICK);
        }
        int role = (int) MsgPack.unsigned(in, 8, what + " self role");
        int status = (int) MsgPack.unsigned(in, 8, what + " self status");
        byte[] nick = MsgPack.binExact(in, nickLength, what + " self nick");

        MsgPack.fixedArray(in, 2, what + " saved peers");
        int peersSize = (int) MsgPack.unsigned(in, 16, what + " saved peers size");
        byte[] peers;
        if (peersSize == 0) {
            MsgPack.nil(in, what + " empty saved peers");
            peers = new byte[0];
        } else {
            peers = MsgPack.binExact(in, peersSize, what + " saved peers");
        }
        return new NgcGroup(disconnected, privacy, maxPeers, version, topicLock, voice, stateSig, founder, name,
                password, modHash, topicVersion, checksum, topic, topicKey, topicSig, mods, chatPk, chatSk, selfPk,
                selfSk, nick, role, status, peers);
    }

    private static void agree(Input in, long at, String what, int declared, int actual) throws CorruptProfileException {
        if (declared != actual) {
            throw in.errorAt(at, what + " is " + actual + " bytes but its length field says " + declared);
        }
    }

    void encode(Output out) {
        MsgPack.writeArray(out, 7);

        MsgPack.writeArray(out, 8);
        MsgPack.writeBool(out, manuallyDisconnected);
        MsgPack.writeUnsigned(out, groupName.length);
        MsgPack.writeUnsigned(out, privacyState);
        MsgPack.writeUnsigned(out, maxPeers);
        MsgPack.writeUnsigned(out, password.length);
        MsgPack.writeUnsigned(out, sharedStateVersion);
        MsgPack.writeUnsigned(out, topicLock);
        MsgPack.writeUnsigned(out, voiceState);

        MsgPack.writeArray(out, 5);
        MsgPack.writeBin(out, sharedStateSignature);
        MsgPack.writeBin(out, founderPublicKey);
        MsgPack.writeBin(out, groupName);
        MsgPack.writeBin(out, password);
        MsgPack.writeBin(out, moderatorListHash);

        MsgPack.writeArray(out, 6);
        MsgPack.writeUnsigned(out, topicVersion);
        MsgPack.writeUnsigned(out, topic.length);
        MsgPack.writeUnsigned(out, topicChecksum);
        MsgPack.writeBin(out, topic);
        MsgPack.writeBin(out, topicSignerKey);
        MsgPack.writeBin(out, topicSignature);

        MsgPack.writeArray(out, 2);
        MsgPack.writeUnsigned(out, moderatorCount());
        if (moderators.length == 0) {
            MsgPack.writeNil(out);
        } else {
            MsgPack.writeBin(out, moderators);
        }

        MsgPack.writeArray(out, 4);
        MsgPack.writeBin(out, chatPublicKey);
        MsgPack.writeBin(out, chatSecretKey);
        MsgPack.writeBin(out, selfPublicKey);
        MsgPack.writeBin(out, selfSecretKey);

        MsgPack.writeArray(out, 4);
        MsgPack.writeUnsigned(out, selfNick.length);
        MsgPack.writeUnsigned(out, selfRole);
        MsgPack.writeUnsigned(out, selfStatus);
        MsgPack.writeBin(out, selfNick);

        MsgPack.writeArray(out, 2);
        MsgPack.writeUnsigned(out, savedPeers.length);
        if (savedPeers.length == 0) {
            MsgPack.writeNil(out);
        } else {
            MsgPack.writeBin(out, savedPeers);
        }
    }

    private byte[] canonical() {
        Output out = new Output(700);
        encode(out);
        return out.toByteArray();
    }

    @Override public byte[] sharedStateSignature() { return sharedStateSignature.clone(); }
    @Override public byte[] founderPublicKey() { return founderPublicKey.clone(); }
    @Override public byte[] groupName() { return groupName.clone(); }
    @Override public byte[] password() { return password.clone(); }
    @Override public byte[] moderatorListHash() { return moderatorListHash.clone(); }
    @Override public byte[] topic() { return topic.clone(); }
    @Override public byte[] topicSignerKey() { return topicSignerKey.clone(); }
    @Override public byte[] topicSignature() { return topicSignature.clone(); }
    @Override public byte[] moderators() { return moderators.clone(); }
    @Override public byte[] chatPublicKey() { return chatPublicKey.clone(); }
    @Override public byte[] chatSecretKey() { return chatSecretKey.clone(); }
    @Override public byte[] selfPublicKey() { return selfPublicKey.clone(); }
    @Override public byte[] selfSecretKey() { return selfSecretKey.clone(); }
    @Override public byte[] selfNick() { return selfNick.clone(); }
    @Override public byte[] savedPeers() { return savedPeers.clone(); }

    /** Equal when every field is equal (compared through the canonical encoding). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NgcGroup g && Bytes.eq(g.canonical(), canonical());
    }

    @Override
    public int hashCode() {
        return Bytes.hash(canonical());
    }

    @Override
    public String toString() {
        return "NgcGroup[chatId=" + Bytes.hex(chatId()) + ", name=" + groupNameText() + ", topic=" + topicText()
                + ", selfNick=" + selfNickText() + ", secret keys hidden]";
    }
}
