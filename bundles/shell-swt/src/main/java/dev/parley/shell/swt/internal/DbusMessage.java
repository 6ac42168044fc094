package dev.parley.shell.swt.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The small part of the D-Bus wire format the desktop notifications need: method calls written
 * little-endian, and the header of whatever the bus sends back (either byte order), enough to
 * match a reply to its call. Every value is aligned to its size counted from the message's first
 * byte; the body starts on an 8-byte boundary, so a body written from offset 0 aligns the same.
 */
final class DbusMessage {
    static final int METHOD_CALL = 1;
    static final int ERROR = 3;
    static final int SIGNAL = 4;

    /** Larger than anything a bus sends in reply to a notification: refused as garbage. */
    static final int MAX_LENGTH = 1 << 20;

    private static final int FIELD_PATH = 1;
    private static final int FIELD_INTERFACE = 2;
    private static final int FIELD_MEMBER = 3;
    private static final int FIELD_ERROR_NAME = 4;
    private static final int FIELD_REPLY_SERIAL = 5;
    private static final int FIELD_DESTINATION = 6;
    private static final int FIELD_SIGNATURE = 8;

    private DbusMessage() {
    }

    /** A method call to {@code destination}; {@code body} writes the arguments {@code signature} names. */
    static byte[] methodCall(int serial, String destination, String path, String iface, String member,
            String signature, Consumer<Writer> body) {
        Writer b = new Writer();
        body.accept(b);
        Writer h = new Writer();
        h.u8('l').u8(METHOD_CALL).u8(0).u8(1).u32(b.length()).u32(serial);
        int fields = h.beginArray();
        h.field(FIELD_PATH, "o", path).field(FIELD_DESTINATION, "s", destination)
                .field(FIELD_INTERFACE, "s", iface).field(FIELD_MEMBER, "s", member);
        if (!signature.isEmpty()) {
            h.field(FIELD_SIGNATURE, "g", signature);
        }
        h.endArray(fields, 8);
        h.align(8);
        byte[] message = Arrays.copyOf(h.buf, h.pos + b.pos);
        System.arraycopy(b.buf, 0, message, h.pos, b.pos);
        return message;
    }

    /** How many bytes the whole message takes, from its first 16. */
    static int length(byte[] first16) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(first16).order(order(first16[0]));
        long fields = Integer.toUnsignedLong(in.getInt(12));
        long body = Integer.toUnsignedLong(in.getInt(4));
        long total = roundUp(16 + fields, 8) + body;
        if (total > MAX_LENGTH) {
            throw new IOException("a D-Bus message of " + total + " bytes");
        }
        return (int) total;
    }

    /** A whole message's header fields and body; only the fields a reply needs are kept. */
    static Received parse(byte[] message) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(message).order(order(message[0]));
            int type = in.get(1);
            int serial = in.getInt(8);
            int fieldsEnd = 16 + in.getInt(12);
            int replySerial = 0;
            String member = "";
            String errorName = "";
            String signature = "";
            in.position(16);
            while (align(in, 8) < fieldsEnd) {
                int code = in.get();
                String sig = readSignature(in);
                Object value = switch (sig) {
                    case "u" -> readUint(in);
                    case "s", "o" -> readString(in);
                    case "g" -> readSignature(in);
                    default -> throw new IOException("a header field of type " + sig);
                };
                if (code == FIELD_REPLY_SERIAL) {
                    replySerial = (Integer) value;
                } else if (code == FIELD_MEMBER) {
                    member = (String) value;
                } else if (code == FIELD_ERROR_NAME) {
                    errorName = (String) value;
                } else if (code == FIELD_SIGNATURE) {
                    signature = (String) value;
                }
            }
            int bodyStart = (int) roundUp(fieldsEnd, 8);
            ByteBuffer body = ByteBuffer.wrap(message, bodyStart, message.length - bodyStart).slice().order(in.order());
            return new Received(type, serial, replySerial, member, errorName, signature, body);
        } catch (RuntimeException e) {
            throw new IOException("a malformed D-Bus message: " + e, e);
        }
    }

    /** What came from the bus; {@code body} is positioned at the body's first byte (offset 0). */
    record Received(int type, int serial, int replySerial, String member, String errorName, String signature,
            ByteBuffer body) {
        /** The first argument when it is a {@code u}. */
        int firstUint() throws IOException {
            if (!signature.startsWith("u")) {
                throw new IOException("expected a uint32 reply, got signature '" + signature + "'");
            }
            return body.getInt(0);
        }

        /** The first argument when it is a string (an error's message), else "". */
        String firstString() {
            return signature.startsWith("s") ? stringAt(0) : "";
        }

        /** The second argument of a {@code us} body (a notification's action), else "". */
        String stringAfterUint() {
            return signature.startsWith("us") ? stringAt(4) : "";
        }

        private String stringAt(int offset) {
            int n = body.getInt(offset);
            return new String(body.array(), body.arrayOffset() + offset + 4, n, StandardCharsets.UTF_8);
        }
    }

    private static ByteOrder order(byte mark) throws IOException {
        return switch (mark) {
            case 'l' -> ByteOrder.LITTLE_ENDIAN;
            case 'B' -> ByteOrder.BIG_ENDIAN;
            default -> throw new IOException("not a D-Bus message (byte order mark " + mark + ")");
        };
    }

    private static int align(ByteBuffer in, int n) {
        in.position((int) roundUp(in.position(), n));
        return in.position();
    }

    private static long roundUp(long value, int n) {
        return (value + n - 1) / n * n;
    }

    private static int readUint(ByteBuffer in) {
        align(in, 4);
        return in.getInt();
    }

    private static String readSignature(ByteBuffer in) {
        int n = in.get() & 0xff;
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.US_ASCII);
        in.position(in.position() + n + 1);
        return s;
    }

    private static String readString(ByteBuffer in) {
        int n = readUint(in);
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n + 1);
        return s;
    }

    /** Writes marshalled values little-endian, each aligned from the start of what it writes. */
    static final class Writer {
        private byte[] buf = new byte[128];
        private int pos;

        Writer u8(int b) {
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[pos++] = (byte) b;
            return this;
        }

        Writer align(int n) {
            while (pos % n != 0) {
                u8(0);
            }
            return this;
        }

        Writer u32(int v) {
            align(4);
            return u8(v).u8(v >>> 8).u8(v >>> 16).u8(v >>> 24);
        }

        Writer string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u32(b.length);
            for (byte x : b) {
                u8(x);
            }
            return u8(0);
        }

        Writer signature(String s) {
            u8(s.length());
            for (int i = 0; i < s.length(); i++) {
                u8(s.charAt(i));
            }
            return u8(0);
        }

        /** Starts an array: returns where its length goes, for {@link #endArray}. */
        int beginArray() {
            u32(0);
            return pos - 4;
        }

        /**
         * Ends an array whose elements align to {@code elementAlignment} (its padding before the
         * first element is written here when the array is empty, and is not counted in its length).
         */
        Writer endArray(int lengthAt, int elementAlignment) {
            int start = (int) roundUp(lengthAt + 4, elementAlignment);
            while (pos < start) {
                u8(0);
            }
            int n = pos - start;
            buf[lengthAt] = (byte) n;
            buf[lengthAt + 1] = (byte) (n >>> 8);
            buf[lengthAt + 2] = (byte) (n >>> 16);
            buf[lengthAt + 3] = (byte) (n >>> 24);
            return this;
        }

        /** A dictionary entry {@code {sv}} whose variant holds a string. */
        Writer stringEntry(String key, String value) {
            align(8);
            string(key);
            signature("s");
            return string(value);
        }

        private Writer field(int code, String type, String value) {
            align(8);
            u8(code);
            signature(type);
            return type.equals("g") ? signature(value) : string(value);
        }

        int length() {
            return pos;
        }
    }
}
