package dev.parley.api.addon;

import org.osgi.annotation.versioning.ProviderType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one way add-ons are installed, switched and removed: the watched add-ons folder, the console
 * and the shells all go through this service. Installed add-ons and whether each is enabled
 * survive restarts. An add-on that fails to install, resolve or start is listed with its error
 * (for an unresolvable one, the missing requirement); nothing else is affected.
 *
 * <p>Methods may be called from any thread; they wait for the framework's bundle operation to end.
 * Failures throw {@link AddonException} with a one-line message.
 */
@ProviderType
public interface AddonManager {

    /** Every installed add-on, by id. */
    List<Addon> list();

    Optional<Addon> get(int id);

    /**
     * Copies a jar into the add-ons folder and installs and starts it.
     *
     * @return the add-on, which may be {@link AddonState#FAILED} (for instance, unresolvable)
     * @throws AddonException if the file is not a bundle, or an add-on with its symbolic name or
     *     file name is already installed
     */
    Addon install(Path jar);

    /** Replaces an add-on's jar with a newer one of the same symbolic name and restarts it if enabled. */
    Addon update(int id, Path jar);

    /** Starts an add-on and remembers it as enabled; clears a previous error. */
    Addon enable(int id);

    /** Stops an add-on and remembers it as disabled. */
    Addon disable(int id);

    /** Stops and uninstalls an add-on and deletes its jar from the add-ons folder. */
    void uninstall(int id);

    /** The folder watched for jars. */
    Path folder();
}
