package dev.parley.profile.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.profile.CorruptProfileException;
import dev.parley.profile.ToxSave;

/**
 * Fuzz targets for the save parser. In a normal build they run in Jazzer's regression mode over
 * the inputs in {@code SaveParserFuzzTestInputs/} (and an empty input); run with
 * {@code JAZZER_FUZZ=1} to fuzz. The only exception allowed out of a decoder is
 * {@link CorruptProfileException}; anything else fails the test.
 */
class SaveParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void saveFile(byte[] data) {
        SaveFile file;
        try {
            file = SaveFile.decode(data);
        } catch (CorruptProfileException expected) {
            return;
        }
        byte[] again = file.encode();
        // canonical re-encoding only normalises padding, never changes a length
        assertEquals(data.length, again.length);
        try {
            assertEquals(file, SaveFile.decode(again));
        } catch (CorruptProfileException e) {
            throw new AssertionError("re-encoded save does not decode", e);
        }
        for (Section s : file.sections()) {
            if (s instanceof GroupsSection g) {
                try {
                    GroupsSection canonical = GroupsSection.of(g.groups());
                    assertEquals(g.groups(), canonical.groups());
                } catch (CorruptProfileException expected) {
                    // kept raw
                }
            }
        }
        try {
            ToxSave save = ToxSave.of(file);
            assertArrayEquals(again, save.encode());
        } catch (CorruptProfileException expected) {
            // random keys almost never match
        }
    }

    @FuzzTest(maxDuration = "60s")
    void section(FuzzedDataProvider in) {
        int[] types = {1, 2, 3, 4, 5, 6, 7, 10, 11, 20, 0x1234};
        int type = types[in.consumeInt(0, types.length - 1)];
        byte[] payload = in.consumeRemainingAsBytes();
        try {
            Section s = SaveFile.decodeSection(type, payload);
            assertEquals(payload.length, s.encodePayload().length);
            assertEquals(s, SaveFile.decodeSection(type, s.encodePayload()));
            if (s instanceof GroupsSection g) {
                GroupsSection canonical = GroupsSection.of(g.groups());
                assertEquals(g.groups(), canonical.groups());
            }
        } catch (CorruptProfileException expected) {
            // the one documented failure
        }
    }
}
