/**
 * Interim: just enough of friend_connection and Messenger on a net_crypto session to talk to a
 * c-toxcore friend (alive pings, ONLINE, NICKNAME, MESSAGE/ACTION with receipts). The real
 * friend connection and Messenger bundle arrive with the rest of issue 6; this package then goes.
 */
@Export
@Version("0.1.0")
package dev.parley.netcrypto.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
