package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureReaderTest {

    @TempDir
    Path folder;

    private void write(String name, String json) throws IOException {
        Files.writeString(folder.resolve(name + ".json"), json);
    }

    private static String includes(String... features) {
        StringBuilder list = new StringBuilder();
        for (String feature : features) {
            list.append(list.length() == 0 ? "" : ",").append("\"g:f:osgifeature:").append(feature).append(":1\"");
        }
        return "\"extensions\": {\"dev.parley.includes\": {\"type\": \"artifacts\", \"kind\": \"mandatory\", \"artifacts\": ["
                + list + "]}}";
    }

    private List<String> bundleIds(Feature feature) {
        return feature.bundles().stream().map(b -> b.id().toString()).toList();
    }

    @Test
    void flattensIncludesAndSortsByStartOrderKeepingFileOrderWithinALevel() throws IOException {
        write("core", """
                // comments are allowed, as in the specification
                { "feature-resource-version": "1.0", "id": "g:f:osgifeature:core:1",
                  "bundles": [ {"id": "g:late:1", "start-order": 5}, {"id": "g:early:1", "start-order": 1},
                               "g:default:1", {"id": "g:early2:1", "start-order": 1} ] }
                """);
        write("node", "{ \"id\": \"g:f:osgifeature:node:1\", \"bundles\": [ {\"id\": \"g:shell:2\", \"start-order\": 20} ], "
                + includes("core") + "}");

        Feature node = new FeatureReader(folder).read("node");

        assertEquals(List.of("g:early:1", "g:early2:1", "g:late:1", "g:default:1", "g:shell:2"), bundleIds(node));
    }

    @Test
    void listsABundleIncludedTwiceOnlyOnce() throws IOException {
        write("a", "{ \"id\": \"g:f:osgifeature:a:1\", \"bundles\": [\"g:shared:1\"] }");
        write("b", "{ \"id\": \"g:f:osgifeature:b:1\", \"bundles\": [\"g:shared:1\", \"g:own:1\"], " + includes("a") + "}");

        assertEquals(List.of("g:shared:1", "g:own:1"), bundleIds(new FeatureReader(folder).read("b+a")));
    }

    @Test
    void readsConfigurationsWithTheIncludingFeatureWinning() throws IOException {
        write("a", "{ \"id\": \"g:f:osgifeature:a:1\", \"configurations\": {\"pid\": {\"port\": 1, \"name\": \"a\"}} }");
        write("b", "{ \"id\": \"g:f:osgifeature:b:1\", \"configurations\": {\"pid\": {\"port\": 2, \"on\": true, "
                + "\"list\": [\"x\", \"y\"]}}, " + includes("a") + "}");

        var properties = new FeatureReader(folder).read("b").configurations().get("pid");

        assertEquals(2L, properties.get("port"));
        assertEquals(true, properties.get("on"));
        assertArrayEquals(new String[] {"x", "y"}, (String[]) properties.get("list"));
    }

    @Test
    void refusesAMissingFeatureNamingTheFile() {
        FeatureException e = assertThrows(FeatureException.class, () -> new FeatureReader(folder).read("nothing"));
        assertTrue(e.getMessage().contains("no feature named nothing"), e.getMessage());
    }

    @Test
    void refusesAnIncludeCycle() throws IOException {
        write("a", "{ \"id\": \"g:f:osgifeature:a:1\", " + includes("b") + "}");
        write("b", "{ \"id\": \"g:f:osgifeature:b:1\", " + includes("a") + "}");

        FeatureException e = assertThrows(FeatureException.class, () -> new FeatureReader(folder).read("a"));
        assertTrue(e.getMessage().contains("a -> b -> a"), e.getMessage());
    }

    @Test
    void refusesAnUnknownMandatoryExtensionButIgnoresAnOptionalOne() throws IOException {
        write("opt", "{ \"id\": \"g:f:osgifeature:opt:1\", \"extensions\": {\"x.other\": {\"type\": \"text\", \"kind\": \"optional\", \"text\": \"\"}} }");
        write("man", "{ \"id\": \"g:f:osgifeature:man:1\", \"extensions\": {\"x.other\": {\"type\": \"text\", \"kind\": \"mandatory\", \"text\": \"\"}} }");

        assertTrue(new FeatureReader(folder).read("opt").bundles().isEmpty());
        FeatureException e = assertThrows(FeatureException.class, () -> new FeatureReader(folder).read("man"));
        assertTrue(e.getMessage().contains("x.other"), e.getMessage());
    }

    @Test
    void refusesMalformedJsonAndBadCoordinates() throws IOException {
        write("broken", "{ \"id\": ");
        write("noid", "{ \"bundles\": [] }");
        write("badid", "{ \"id\": \"g:f:1\", \"bundles\": [\"only:two\"] }");

        FeatureReader reader = new FeatureReader(folder);
        assertTrue(assertThrows(FeatureException.class, () -> reader.read("broken")).getMessage().contains("not valid feature JSON"));
        assertTrue(assertThrows(FeatureException.class, () -> reader.read("noid")).getMessage().contains("needs a JSON object with an \"id\""));
        assertTrue(assertThrows(FeatureException.class, () -> reader.read("badid")).getMessage().contains("'only:two'"));
    }

    @Test
    void parsesEveryCoordinateForm() {
        assertEquals(new ArtifactId("g", "a", "jar", "", "1"), ArtifactId.parse("g:a:1"));
        assertEquals(new ArtifactId("g", "a", "zip", "", "1"), ArtifactId.parse("g:a:zip:1"));
        assertEquals(new ArtifactId("g", "a", "osgifeature", "core", "1"), ArtifactId.parse("g:a:osgifeature:core:1"));
        assertEquals("g:a:osgifeature:core:1", ArtifactId.parse("g:a:osgifeature:core:1").toString());
        assertEquals("a-1.0.jar", ArtifactId.parse("g:a:1.0").bundleFileName());
        assertThrows(FeatureException.class, () -> ArtifactId.parse("g::1"));
    }
}
