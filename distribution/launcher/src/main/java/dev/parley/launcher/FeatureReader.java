package dev.parley.launcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.parley.launcher.Feature.FeatureBundle;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads feature descriptions in the OSGi Features 1.0 JSON format from a folder holding
 * {@code <name>.json} files.
 *
 * <p>One extension is understood: {@code dev.parley.includes}, a mandatory list of other
 * features (as artifact ids whose classifier is the feature's name) whose bundles and
 * configurations this feature takes in. Any other mandatory extension is refused, as the
 * specification asks of a launcher that does not know it.
 */
public final class FeatureReader {

    static final String INCLUDES = "dev.parley.includes";
    private static final int DEFAULT_START_ORDER = 10;

    private final Path folder;

    public FeatureReader(Path folder) {
        this.folder = folder;
    }

    /** Reads a feature by name; {@code a+b} is the union of features a and b, in that order. */
    public Feature read(String name) {
        Map<ArtifactId, FeatureBundle> bundles = new LinkedHashMap<>();
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (String part : name.split("\\+")) {
            collect(part, new LinkedHashSet<>(), bundles, configurations);
        }
        List<FeatureBundle> ordered = new ArrayList<>(bundles.values());
        ordered.sort(Comparator.comparingInt(FeatureBundle::startOrder)); // stable: file order kept within a level
        return new Feature(name, ordered, configurations);
    }

    private void collect(String name, Set<String> path, Map<ArtifactId, FeatureBundle> bundles,
            Map<String, Map<String, Object>> configurations) {
        if (!path.add(name)) {
            throw new FeatureException("feature " + name + " includes itself: " + String.join(" -> ", path) + " -> " + name);
        }
        JsonObject json = readFile(name);
        JsonObject extensions = json.has("extensions") ? json.getAsJsonObject("extensions") : new JsonObject();
        for (Map.Entry<String, JsonElement> extension : extensions.entrySet()) {
            JsonObject body = extension.getValue().getAsJsonObject();
            boolean mandatory = body.has("kind") && body.get("kind").getAsString().equals("mandatory");
            if (extension.getKey().equals(INCLUDES)) {
                for (JsonElement included : body.getAsJsonArray("artifacts")) {
                    ArtifactId id = ArtifactId.parse(included.getAsString());
                    if (id.classifier().isEmpty()) {
                        throw new FeatureException("feature " + name + " includes " + id + ", which names no feature (classifier)");
                    }
                    collect(id.classifier(), path, bundles, configurations);
                }
            } else if (mandatory) {
                throw new FeatureException("feature " + name + " needs the extension " + extension.getKey()
                        + ", which this launcher does not know");
            }
        }
        if (json.has("bundles")) {
            for (JsonElement element : json.getAsJsonArray("bundles")) {
                FeatureBundle bundle = bundle(name, element);
                FeatureBundle earlier = bundles.get(bundle.id());
                if (earlier == null || bundle.startOrder() != earlier.startOrder()) {
                    bundles.put(bundle.id(), bundle);
                }
            }
        }
        if (json.has("configurations")) {
            for (Map.Entry<String, JsonElement> configuration : json.getAsJsonObject("configurations").entrySet()) {
                configurations.put(configuration.getKey(), toProperties(configuration.getValue().getAsJsonObject()));
            }
        }
        path.remove(name);
    }

    private JsonObject readFile(String name) {
        Path file = folder.resolve(name + ".json");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new FeatureException("no feature named " + name + " (looked for " + file + ")");
        } catch (IOException e) {
            throw new FeatureException("cannot read feature " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses one feature document; comments are allowed as the specification allows them. */
    static JsonObject parse(Reader reader, String source) {
        try {
            JsonReader json = new JsonReader(reader);
            json.setStrictness(Strictness.LENIENT);
            JsonElement element = JsonParser.parseReader(json);
            if (!element.isJsonObject() || !element.getAsJsonObject().has("id")) {
                throw new FeatureException(source + " is not a feature: it needs a JSON object with an \"id\"");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new FeatureException(source + " is not valid feature JSON: " + e.getMessage(), e);
        }
    }

    private static FeatureBundle bundle(String feature, JsonElement element) {
        if (element.isJsonPrimitive()) {
            return new FeatureBundle(ArtifactId.parse(element.getAsString()), DEFAULT_START_ORDER);
        }
        JsonObject object = element.getAsJsonObject();
        if (!object.has("id")) {
            throw new FeatureException("feature " + feature + " lists a bundle without an id: " + object);
        }
        int startOrder = object.has("start-order") ? object.get("start-order").getAsInt() : DEFAULT_START_ORDER;
        return new FeatureBundle(ArtifactId.parse(object.get("id").getAsString()), startOrder);
    }

    private static Map<String, Object> toProperties(JsonObject json) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            JsonElement value = entry.getValue();
            if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
                properties.put(entry.getKey(), value.getAsBoolean());
            } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
                properties.put(entry.getKey(), value.getAsLong());
            } else if (value.isJsonPrimitive()) {
                properties.put(entry.getKey(), value.getAsString());
            } else if (value.isJsonArray()) {
                List<String> list = new ArrayList<>();
                value.getAsJsonArray().forEach(item -> list.add(item.getAsString()));
                properties.put(entry.getKey(), list.toArray(String[]::new));
            } else {
                throw new FeatureException("configuration property " + entry.getKey() + " must be a value or a list, not " + value);
            }
        }
        return properties;
    }
}
