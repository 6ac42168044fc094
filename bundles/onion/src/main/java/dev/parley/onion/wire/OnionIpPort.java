package dev.parley.onion.wire;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The fixed-size address the onion layers and return data carry (c-toxcore's {@code ipport_pack}).
 *
 * <pre>
 * | length | contents                                                       |
 * |--------|----------------------------------------------------------------|
 * | 1      | family: 2 IPv4, 10 IPv6, 130 TCP IPv4, 138 TCP IPv6            |
 * | 16     | address; an IPv4 address fills the first 4 bytes, 12 zero bytes |
 * | 2      | port, network order                                            |
 * </pre>
 */
public record OnionIpPort(boolean tcp, InetSocketAddress address) {
    public static final int SIZE = 19;

    public static OnionIpPort udp(InetSocketAddress a) {
        return new OnionIpPort(false, a);
    }

    public void encode(ByteBuf out) {
        InetAddress ip = address.getAddress();
        boolean v4 = ip instanceof Inet4Address;
        out.writeByte((v4 ? 2 : 10) | (tcp ? 0x80 : 0));
        byte[] raw = ip.getAddress();
        out.writeBytes(raw);
        out.writeZero(16 - raw.length);
        out.writeShort(address.getPort());
    }

    public byte[] toBytes() {
        return Wire.bytes(SIZE, this::encode);
    }

    public static OnionIpPort decode(ByteBuf in) {
        Wire.check(in.readableBytes() >= SIZE, "onion ip_port: truncated");
        int family = in.readUnsignedByte();
        byte[] ip = new byte[16];
        in.readBytes(ip);
        int port = in.readUnsignedShort();
        boolean v4;
        switch (family) {
            case 2, 130 -> v4 = true;
            case 10, 138 -> v4 = false;
            default -> throw new dev.parley.dht.wire.MalformedPacketException("onion ip_port: family " + family);
        }
        try {
            InetAddress a = v4 ? InetAddress.getByAddress(java.util.Arrays.copyOf(ip, 4))
                    : java.net.Inet6Address.getByAddress(null, ip, null);
            return new OnionIpPort(family >= 128, new InetSocketAddress(a, port));
        } catch (UnknownHostException e) {
            throw new dev.parley.dht.wire.MalformedPacketException("onion ip_port: bad address");
        }
    }
}
