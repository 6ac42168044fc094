/**
 * Tox cryptography for Parley, wire-compatible with c-toxcore (which uses libsodium's NaCl API).
 *
 * <ul>
 *   <li>{@link dev.parley.crypto.KeyPair}: a long-term or temporary X25519 key pair.
 *   <li>{@link dev.parley.crypto.SharedKey}: the precomputed {@code crypto_box_beforenm} key for
 *       one peer; {@code crypto_box_afternm} / {@code crypto_box_open_afternm} with it.
 *   <li>{@link dev.parley.crypto.SecretBox}: {@code crypto_secretbox} (XSalsa20-Poly1305) with a
 *       symmetric key.
 *   <li>{@link dev.parley.crypto.Nonce}: 24-byte nonces with c-toxcore's big-endian increment.
 *   <li>{@link dev.parley.crypto.ToxId}: the 38-byte Tox address and its text form.
 *   <li>{@link dev.parley.crypto.PassphraseEncryption}: c-toxcore's {@code toxencryptsave}
 *       format for save files.
 *   <li>{@link dev.parley.crypto.PublicKeys}, {@link dev.parley.crypto.Hashes},
 *       {@link dev.parley.crypto.Bytes}: small helpers.
 * </ul>
 *
 * <p>Ciphertexts are always in libsodium's "easy" combined layout that c-toxcore puts on the
 * wire: the 16-byte Poly1305 tag first, then the encrypted bytes, so a ciphertext is 16 bytes
 * longer than its plaintext.
 *
 * <p>Secret key material stays inside this package: keys implement
 * {@link javax.security.auth.Destroyable}, and the only way to read a secret key out is
 * {@link dev.parley.crypto.KeyPair#writeSecretKey(byte[], int)}, which exists for the save file.
 *
 * <p>Nothing here throws on malformed input that came from the network: opening a ciphertext
 * reports failure through its return value.
 */
@Export
@Version("0.1.0")
package dev.parley.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
