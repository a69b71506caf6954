import PasjesCard
import PasjesCore

/// The key a tapped card must prove: its key version from the ledger, diversified from that
/// version's master key. Runs on the card monitor's thread (one small read per tap).
struct LedgerKeyDirectory: CardKeyDirectory {
    let ledger: Ledger
    let keys: CardKeyRing?

    func authenticationKey(forUID uid: String) -> CardKeyChoice {
        let version: Int?
        do {
            version = try ledger.cardKeyVersion(uid: uid)
        } catch {
            // Fail closed: a card whose key cannot be looked up is not waved through as a plain card.
            return .unavailable(version: nil, reason: "key version unknown: \(error)")
        }
        guard let version else { return .none }
        guard let keys else { return .unavailable(version: version, reason: "no [cards] key_file: key version \(version) cannot be checked") }
        guard let key = keys.cardKey(uid: uid, version: version) else {
            return .unavailable(version: version, reason: "key version \(version) is retired (not in the key file)")
        }
        return .key(key, version: version)
    }
}
