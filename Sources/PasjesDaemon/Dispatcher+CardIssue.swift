import Foundation
import Logging
import PasjesCard
import PasjesCardCrypto
import PasjesCore
import PasjesMoney
import PasjesProtocol

/// Why a card cannot be issued at the desk; the codes are stable, the messages Dutch.
enum IssueRefusal {
    static let noKeyFile = LedgerError(.cardKeysMissing)
    static let noReader = LedgerError(.issueReaderMissing)
    static let noCard = LedgerError(.noCard)
    static let notNTAG = LedgerError(.cardNotNTAG424)
    static let notBlank = LedgerError(.cardNotBlank)
    static let keyChangeFailed = LedgerError(.cardKeyChangeFailed)
}

extension Dispatcher {
    /// `card.issue`: the card on the admin's reader gets its diversified key (from the factory
    /// key, or from an older key version: a re-key) and is linked to the client. Admin.
    ///
    /// Order matters for a crash halfway: the key is written to the card first, the ledger
    /// records the card (with its key version) after, in one transaction. Killed in between,
    /// the card holds our key but is not linked; issuing it again finds our key, skips the
    /// change and links it. The ledger never holds a card linked without its key.
    func cardIssue(_ p: CardIssueParams) async throws -> CardIssueResult {
        guard let keys = configuration.cardKeys else { throw RPCError(IssueRefusal.noKeyFile) }
        let reader = try issueReader(named: p.reader)
        let issuing = CardIssuing(ledger: ledger, keys: keys, logger: logger)
        let result = try await blocking { try issuing.issue(on: reader, p) }
        let versions = try await blocking { try ledger.cardKeyVersions() }
        var issued = result
        issued.card = CardInfo(try await blocking { try ledger.card(uid: result.card.uid) }, keyVersions: versions)
        return issued
    }

    /// The reader to issue on: the one asked for, else the first present reader matching `[cards] issue_reader`.
    func issueReader(named asked: String?) throws -> String {
        let present = readers.readers(configuration: configuration).filter { $0.state == .present }.map(\.name)
        let pattern = asked ?? configuration.issueReader
        guard let pattern, let name = present.first(where: { ReaderPattern.matches(pattern, $0) }) else {
            throw RPCError(IssueRefusal.noReader.with("asked \(asked ?? "-"), issue_reader \(configuration.issueReader ?? "-"), present \(present)"))
        }
        return name
    }
}

/// One issue at the desk, on the calling (pool) thread: PC/SC calls block.
struct CardIssuing {
    let ledger: Ledger
    let keys: CardKeyRing
    let logger: Logger

    /// Tests only: `PASJESD_FAULT_ISSUE_KILL_AFTER_KEY=1` makes pasjesd SIGKILL itself right after
    /// the card took its key and before the ledger links it (the crash an issue must survive).
    static let killAfterKeyChange = ProcessInfo.processInfo.environment["PASJESD_FAULT_ISSUE_KILL_AFTER_KEY"] == "1"

    func issue(on reader: String, _ p: CardIssueParams) throws -> CardIssueResult {
        let card: CardOnReader
        do {
            card = try CardOnReader(reader: reader)
        } catch {
            throw LedgerError.noCardOnReader(error)
        }
        defer { card.close() }
        try ledger.checkIssuable(uid: card.uid, clientNumber: p.clientNumber, extra: p.extra ?? false)
        let version = keys.currentVersion
        guard let target = keys.cardKey(uid: card.uid, version: version) else {
            throw IssueRefusal.noKeyFile.with("no key for version \(version)")
        }
        let keyChanged = try giveKey(target, version: version, to: card)
        if keyChanged && Self.killAfterKeyChange { kill(getpid(), SIGKILL) }
        let issued = try ledger.issueCard(uid: card.uid, clientNumber: p.clientNumber, keyVersion: version,
                                          extra: p.extra ?? false, idempotencyKey: p.idempotencyKey)
        logger.notice("card issued", metadata: [
            "uid": "\(card.uid)", "client": "\(p.clientNumber)", "reader": "\(reader)", "keyVersion": "\(version)",
            "keyChanged": "\(keyChanged)", "linked": "\(issued.linked)"])
        let message = keyChanged
            ? "Pas \(card.uid) heeft sleutelversie \(version) gekregen en is \(issued.linked ? "gekoppeld aan" : "bijgewerkt voor") cliënt \(p.clientNumber)."
            : "Pas \(card.uid) had sleutelversie \(version) al (een eerder onderbroken uitgifte) en is \(issued.linked ? "nu gekoppeld aan" : "bijgewerkt voor") cliënt \(p.clientNumber)."
        return CardIssueResult(card: CardInfo(issued.card), reader: reader, keyVersion: version,
                               previousKeyVersion: issued.previousKeyVersion, keyChanged: keyChanged,
                               linked: issued.linked, message: message)
    }

    /// Makes the card hold `target`; false when it held it already (a redone issue).
    ///
    /// Tried in this order: our key (done), the factory key (a blank card), older versions
    /// newest first (a re-key). Anything else is someone else's card, and stays untouched.
    private func giveKey(_ target: CardKey, version: Int, to card: CardOnReader) throws -> Bool {
        do {
            _ = try card.authenticate(key: target)
            return false
        } catch .noApplication(let sw1, let sw2) {
            throw IssueRefusal.notNTAG.with("select answered \(Hex.encode([sw1, sw2], uppercase: true))")
        } catch .transport(let detail) {
            throw IssueRefusal.noCard.with(detail)
        } catch {
            // Not our current key: look for the factory key or an older one below.
        }
        let older = keys.versions.filter { $0 < version }.reversed().compactMap { keys.cardKey(uid: card.uid, version: $0) }
        for candidate in [CardKey.factoryDefault] + older {
            guard let session = try? card.authenticate(key: candidate) else { continue }
            do {
                try card.changeKey(session: session, to: target, keyVersion: UInt8(version))
                _ = try card.authenticate(key: target)  // the card proves the new key before the ledger hears of it
            } catch {
                throw IssueRefusal.keyChangeFailed.with(error.description)
            }
            return true
        }
        throw IssueRefusal.notBlank.with(card.uid)
    }
}

extension LedgerError {
    /// `no_card` or `card_unreadable` for a failed look at the issue reader.
    static func noCardOnReader(_ failure: CardOnReader.Failure) -> LedgerError {
        switch failure {
        case .pcsc: IssueRefusal.noCard.with(failure.description)
        case .unreadable: LedgerError(.cardUnreadable, detail: failure.description)
        }
    }
}

extension CardInfo {
    /// A card with whether it holds a key, from the ledger's key versions.
    init(_ card: Card, keyVersions: [String: Int]) {
        self.init(card)
        keyVersion = keyVersions[card.uid]
        authenticated = keyVersion != nil
    }
}
