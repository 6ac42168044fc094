package dev.parley.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How the relay's fuzz targets cut one input into the plain packets they seal as frames. */
final class FuzzInput {
    private FuzzInput() {
    }

    /** The input split at 0xff bytes, keeping the pieces of 1 to 2000 bytes (a frame's plain size). */
    static List<byte[]> packets(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == (byte) 0xff) {
                byte[] plain = Arrays.copyOfRange(data, from, i);
                from = i + 1;
                if (plain.length > 0 && plain.length <= 2000) {
                    out.add(plain);
                }
            }
        }
        return out;
    }
}
