/**
 * The c-toxcore state format ("Tox save", {@code .tox}), one immutable record per section.
 *
 * <h2>Outer layout</h2>
 * Integers are little-endian unless a record says otherwise.
 * <pre>
 * offset size  field
 * 0      4     zero
 * 4      4     u32 LE 0x15ED1B1F   (global cookie)
 * 8      ...   sections, each:
 *                4  u32 LE payload length
 *                2  u16 LE section type
 *                2  u16 LE 0x01CE  (section cookie)
 *                n  payload
 * </pre>
 * c-toxcore reads the type and the cookie as one u32 LE whose high half is the cookie, which is the
 * same bytes as above. The list ends with an EOF section (type 0xFF, length 0); c-toxcore stops
 * reading there and ignores what follows, and its own writer leaves zero bytes after it because it
 * reserves room for the largest possible TCP relay and path node lists. {@link
 * dev.parley.profile.format.SaveFile} keeps those bytes as its trailer.
 *
 * <p>Each section record has a {@code decode(byte[] payload)} that throws
 * {@link dev.parley.profile.CorruptProfileException} with the offset within the payload, and an
 * {@code encodePayload()} that writes c-toxcore's canonical form (padding and unused array space
 * zeroed, msgpack integers in their shortest form). For what c-toxcore writes,
 * {@code encode(decode(x))} is {@code x} byte for byte.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package dev.parley.profile.format;
