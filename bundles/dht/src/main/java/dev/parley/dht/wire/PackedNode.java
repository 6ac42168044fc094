package dev.parley.dht.wire;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The packed node format.
 *
 * <pre>
 * | length | type   | contents                                                   |
 * |--------|--------|------------------------------------------------------------|
 * | 1      | u8     | family: 2 IPv4/UDP, 10 IPv6/UDP, 130 IPv4/TCP, 138 IPv6/TCP |
 * | 4 / 16 | bytes  | IPv4 or IPv6 address, network order                        |
 * | 2      | u16 BE | port                                                       |
 * | 32     | bytes  | DHT public key                                             |
 * </pre>
 *
 * A packed node is 39 bytes (IPv4) or 51 bytes (IPv6).
 */
public record PackedNode(boolean tcp, InetSocketAddress address, DhtKey key) {

    public static final int SIZE_IPV4 = 1 + 4 + 2 + 32;
    public static final int SIZE_IPV6 = 1 + 16 + 2 + 32;

    public static PackedNode udp(NodeInfo n) {
        return new PackedNode(false, n.address(), n.key());
    }

    public NodeInfo toNodeInfo() {
        return new NodeInfo(key, address);
    }

    public int size() {
        return address.getAddress() instanceof Inet4Address ? SIZE_IPV4 : SIZE_IPV6;
    }

    public void encode(ByteBuf out) {
        InetAddress ip = address.getAddress();
        boolean v4 = ip instanceof Inet4Address;
        out.writeByte((v4 ? 2 : 10) | (tcp ? 0x80 : 0));
        out.writeBytes(ip.getAddress());
        out.writeShort(address.getPort());
        out.writeBytes(key.toBytes());
    }

    public static PackedNode decode(ByteBuf in) {
        MalformedPacketException.check(in.isReadable(), "packed node: no family byte");
        int family = in.readUnsignedByte();
        int ipLen;
        switch (family) {
            case 2, 130 -> ipLen = 4;
            case 10, 138 -> ipLen = 16;
            default -> throw new MalformedPacketException("packed node: unknown family " + family);
        }
        MalformedPacketException.check(in.readableBytes() >= ipLen + 2 + DhtKey.SIZE, "packed node: truncated");
        byte[] ip = new byte[ipLen];
        in.readBytes(ip);
        int port = in.readUnsignedShort();
        byte[] pk = new byte[DhtKey.SIZE];
        in.readBytes(pk);
        InetAddress addr;
        try {
            // getByAddress turns an IPv4-mapped IPv6 address into IPv4, as c-toxcore normalizes it.
            addr = ipLen == 4 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, null);
        } catch (UnknownHostException e) {
            throw new MalformedPacketException("packed node: bad address");
        }
        return new PackedNode(family >= 128, new InetSocketAddress(addr, port), DhtKey.of(pk));
    }
}
