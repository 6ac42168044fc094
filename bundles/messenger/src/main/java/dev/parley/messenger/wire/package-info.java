/** Wire format of friend_connection and Messenger packets inside net_crypto sessions. */
@Export
@Version("0.1.0")
package dev.parley.messenger.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
