/**
 * The contract between Parley's core and everything on top of it: the shells (SWT window,
 * console) and third-party add-ons. It holds only interfaces and value types and depends on
 * nothing; implementations live in the core bundles and are found as OSGi services.
 *
 * <p>Services in this package never hand out secret key material.
 */
@Export
@Version("0.1.0")
package dev.parley.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
