/**
 * Profiles (accounts) for shells: list the profiles in the data folder, create a new identity,
 * import a {@code .tox} file from another client (qTox, toxic, uTox), open one so that the
 * Messenger runs with it, and our own connection to the network. Also a Tox ID check precise
 * enough for "as you type" feedback. 0.2.0: the last opened profile. 0.3.0: closing the open profile (to switch to another). No secret key or stored passphrase is ever handed out.
 */
@Export
@Version("0.3.0")
package dev.parley.api.account;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
