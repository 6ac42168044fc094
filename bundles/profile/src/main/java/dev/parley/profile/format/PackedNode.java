package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A node in the spec's "Node Info" (packed node) form, as stored in the DHT, TcpRelays and
 * PathNodes sections. Unlike the rest of the save, its integers are big-endian.
 *
 * <pre>
 * size  field
 * 1     address family: 2 UDP/IPv4, 10 UDP/IPv6, 130 TCP/IPv4, 138 TCP/IPv6
 * 4|16  IP address (4 bytes for IPv4 families, 16 for IPv6)
 * 2     port, u16 big-endian
 * 32    node's public key
 * </pre>
 * So a node is 39 bytes (IPv4) or 51 bytes (IPv6).
 *
 * @param family the address family byte
 * @param ip the address bytes, 4 or 16 according to the family (copied in and out)
 * @param port 0..65535
 * @param publicKey the node's 32-byte public key (copied in and out)
 */
public record PackedNode(Family family, byte[] ip, int port, byte[] publicKey) {
    public static final int SIZE_IPV4 = 1 + 4 + 2 + 32;
    public static final int SIZE_IPV6 = 1 + 16 + 2 + 32;

    /** Address family codes of packed nodes. */
    public enum Family {
        UDP_IPV4(2, false), UDP_IPV6(10, true), TCP_IPV4(130, false), TCP_IPV6(138, true);

        private final int code;
        private final boolean ipv6;

        Family(int code, boolean ipv6) {
            this.code = code;
            this.ipv6 = ipv6;
        }

        public int code() {
            return code;
        }

        public boolean isIpv6() {
            return ipv6;
        }

        public boolean isTcp() {
            return code >= 128;
        }

        public int addressLength() {
            return ipv6 ? 16 : 4;
        }

        /** The family of a code byte, or null. */
        public static Family fromCode(int code) {
            for (Family f : values()) {
                if (f.code == code) {
                    return f;
                }
            }
            return null;
        }
    }

    public PackedNode {
        if (family == null) {
            throw new NullPointerException("family");
        }
        ip = Bytes.exact(ip, family.addressLength(), "IP address of a " + family + " node");
        Bytes.unsigned(port, 16, "port");
        publicKey = Bytes.exact(publicKey, Bytes.KEY_SIZE, "public key");
    }

    /** A node for {@code address}; the family's IPv4/IPv6 flavour follows the address. */
    public static PackedNode of(boolean tcp, InetAddress address, int port, byte[] publicKey) {
        byte[] ip = address.getAddress();
        Family f = ip.length == 16 ? (tcp ? Family.TCP_IPV6 : Family.UDP_IPV6) : (tcp ? Family.TCP_IPV4 : Family.UDP_IPV4);
        return new PackedNode(f, ip, port, publicKey);
    }

    /** The address; no name lookup is done. An IPv4-mapped IPv6 address comes back as IPv4. */
    public InetAddress address() {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable: length is 4 or 16
        }
    }

    public int size() {
        return family.isIpv6() ? SIZE_IPV6 : SIZE_IPV4;
    }

    static PackedNode decode(Input in, String what) throws CorruptProfileException {
        long at = in.offset();
        int code = in.u8(what + " family");
        Family f = Family.fromCode(code);
        if (f == null) {
            throw in.errorAt(at, what + " has unknown address family " + code);
        }
        byte[] ip = in.bytes(f.addressLength(), what + " address");
        int port = in.u16be(what + " port");
        byte[] pk = in.bytes(Bytes.KEY_SIZE, what + " public key");
        return new PackedNode(f, ip, port, pk);
    }

    /** Reads nodes until the input is used up exactly. */
    static List<PackedNode> decodeList(Input in, String what) throws CorruptProfileException {
        List<PackedNode> nodes = new ArrayList<>();
        while (!in.atEnd()) {
            nodes.add(decode(in, what + " #" + nodes.size()));
        }
        return List.copyOf(nodes);
    }

    void encode(Output out) {
        out.u8(family.code).bytes(ip).u16be(port).bytes(publicKey);
    }

    static byte[] encodeList(List<PackedNode> nodes) {
        Output out = new Output(nodes.size() * SIZE_IPV6);
        for (PackedNode n : nodes) {
            n.encode(out);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] ip() {
        return ip.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedNode n && n.family == family && n.port == port && Bytes.eq(n.ip, ip)
                && Bytes.eq(n.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return ((family.hashCode() * 31 + Bytes.hash(ip)) * 31 + port) * 31 + Bytes.hash(publicKey);
    }

    @Override
    public String toString() {
        String host = family.isIpv6() ? "[" + address().getHostAddress() + "]" : address().getHostAddress();
        return family + " " + host + ":" + port + " " + Bytes.hex(publicKey);
    }
}
