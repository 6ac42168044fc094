package dev.parley.dht.wire;

/** The first byte of the packets this bundle handles (c-toxcore's {@code NET_PACKET_*}). */
public final class PacketKind {
    private PacketKind() {
    }

    public static final int PING_REQUEST = 0x00;
    public static final int PING_RESPONSE = 0x01;
    public static final int NODES_REQUEST = 0x02;
    public static final int NODES_RESPONSE = 0x04;
    /** DHT request packet ({@code NET_PACKET_CRYPTO}): a box addressed to one DHT key. */
    public static final int CRYPTO_REQUEST = 0x20;
    public static final int LAN_DISCOVERY = 0x21;
    public static final int BOOTSTRAP_INFO = 0xf0;

    /** Request id inside a DHT request packet: NAT ping. */
    public static final int REQUEST_NAT_PING = 0xfe;
    /** Request id inside a DHT request packet: friend request (carried by the onion nowadays). */
    public static final int REQUEST_FRIEND = 0x20;
    /** Request id inside a DHT request packet: DHT public key announcement. */
    public static final int REQUEST_DHTPK = 0x9c;
}
