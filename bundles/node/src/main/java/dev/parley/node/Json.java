package dev.parley.node;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading JSON files with errors that name the file and the field. */
final class Json {
    private Json() {
    }

    /** The top-level object of {@code file}; {@code //} comments are allowed. */
    static JsonObject readObject(Path file, String what) throws NodeSettingsException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new NodeSettingsException(what + " " + file + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new NodeSettingsException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new NodeSettingsException(what + " " + file + ": " + e.getMessage());
        } catch (JsonParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new NodeSettingsException(what + " " + file + " is not valid JSON: " + cause.getMessage());
        }
    }

    static Optional<String> string(JsonObject o, String field, String where) throws NodeSettingsException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new NodeSettingsException(where + ": \"" + field + "\" must be a string");
        }
        return Optional.of(p.getAsString());
    }

    static Optional<Boolean> bool(JsonObject o, String field, String where) throws NodeSettingsException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new NodeSettingsException(where + ": \"" + field + "\" must be true or false");
        }
        return Optional.of(p.getAsBoolean());
    }

    static Optional<Integer> port(JsonObject o, String field, String where) throws NodeSettingsException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            if (d == Math.rint(d) && d >= 1 && d <= 65535) {
                return Optional.of((int) d);
            }
        }
        throw new NodeSettingsException(where + ": \"" + field + "\" must be a port number (1-65535)");
    }
}
