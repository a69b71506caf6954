/// Per-card keys from one site master key, as NXP application note AN10922 (section 2.2) does it
/// for AES-128: a CMAC over `01 ‖ M`, padded to two blocks.
///
/// Why diversify: a card holds only its own key, so a key read out of one card (it cannot be,
/// but suppose) opens that card alone; the master key never leaves the daemon.
public enum KeyDiversification {
    /// AN10922's diversification constant for an AES-128 output key.
    public static let aes128Constant: UInt8 = 0x01
    /// The system identifier pasjes puts after the UID and key number (AN10922 suggests UID, AID
    /// and a system identifier; a pasjes site is told apart by its master key, not by this).
    public static let pasjesSystemIdentifier = Array("pasjes".utf8)

    /// AN10922 AES-128: the diversified key for input `m` (1–31 bytes) under `masterKey`.
    public static func an10922AES128(masterKey: CardKey, input m: [UInt8]) throws(CardCryptoError) -> CardKey {
        guard (1...31).contains(m.count) else { throw .diversificationInputLength(m.count) }
        let (k1, k2) = AESCMAC.subkeys(key: masterKey)
        let d = [aes128Constant] + m
        // Unlike plain CMAC, the input is always taken to two blocks: padded (then K2) when shorter.
        let padded = d.count < 2 * AESBlock.size
        let blocks = padded ? AESBlock.padISO9797M2(d, toMultipleOf: 2 * AESBlock.size) : d
        return CardKey(unchecked: AESCMAC.chain(blocks, lastBlockMask: padded ? k2 : k1, key: masterKey))
    }

    /// The application key of one pasjes card: M = UID ‖ key number ‖ "pasjes".
    public static func cardKey(masterKey: CardKey, uid: [UInt8], keyNumber: UInt8 = 0) throws(CardCryptoError) -> CardKey {
        try an10922AES128(masterKey: masterKey, input: uid + [keyNumber] + pasjesSystemIdentifier)
    }
}
