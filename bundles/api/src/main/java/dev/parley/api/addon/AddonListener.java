package dev.parley.api.addon;

import java.util.List;

/**
 * Hears changes of the installed add-ons (installed, updated, enabled, disabled, failed, removed).
 * Register as an OSGi service (whiteboard pattern). Called on the add-on manager's own thread, not
 * the protocol's event loop; an implementation must return quickly (a shell hands the list to its
 * UI thread).
 */
@FunctionalInterface
public interface AddonListener {
    /** The add-ons as they are now, by id. */
    void addonsChanged(List<Addon> addons);
}
