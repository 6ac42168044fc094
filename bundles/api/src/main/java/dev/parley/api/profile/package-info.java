/**
 * The user's own Tox identity as others see it: Tox ID, name, status, status message, nospam. No secret key is ever exposed.
 */
@Export
@Version("0.1.0")
package dev.parley.api.profile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
