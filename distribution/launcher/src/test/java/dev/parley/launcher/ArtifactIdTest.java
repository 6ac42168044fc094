package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The hand-written equals and hashCode agree with what a record's would say. */
class ArtifactIdTest {

    @Test
    void equalWhenEveryPartIsEqual() {
        ArtifactId a = ArtifactId.parse("dev.parley:parley-features:osgifeature:core:1.0");
        ArtifactId b = new ArtifactId("dev.parley", "parley-features", "osgifeature", "core", "1.0");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(ArtifactId.parse("g:a:1"), new ArtifactId("g", "a", "jar", "", "1"));
    }

    @Test
    void differentWhenAnyPartDiffers() {
        ArtifactId base = new ArtifactId("g", "a", "t", "c", "1");
        assertNotEquals(base, new ArtifactId("x", "a", "t", "c", "1"));
        assertNotEquals(base, new ArtifactId("g", "x", "t", "c", "1"));
        assertNotEquals(base, new ArtifactId("g", "a", "x", "c", "1"));
        assertNotEquals(base, new ArtifactId("g", "a", "t", "x", "1"));
        assertNotEquals(base, new ArtifactId("g", "a", "t", "c", "2"));
        assertNotEquals(base, (Object) "g:a:t:c:1");
    }
}
