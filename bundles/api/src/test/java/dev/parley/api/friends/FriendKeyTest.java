package dev.parley.api.friends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FriendKeyTest {
    static final String KEY = "0123456789abcdefABCDEF0123456789abcdefABCDEF0123456789abcdef0123";

    @Test
    void sixtyFourHexDigitsOfEitherCaseAreAKeyInUpperCase() {
        assertEquals(KEY.toUpperCase(), new FriendKey(KEY).hex());
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {null, "", KEY.substring(1), KEY + "0", KEY.substring(1) + "g",
                KEY.substring(1) + "\u0663", KEY.substring(1) + "\uff10", KEY.substring(1) + " "}) {
            assertThrows(IllegalArgumentException.class, () -> new FriendKey(bad), String.valueOf(bad));
        }
    }
}
