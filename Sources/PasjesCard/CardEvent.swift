import Foundation

/// One thing the reader monitor saw; delivered in order through `ReaderMonitor.events`.
public enum CardEvent: Sendable, Equatable {
    /// A reader appeared (at start, hot-plug, or after pcscd came back).
    case readerAdded(reader: String)
    /// A reader went away (unplugged, or pcscd stopped).
    case readerRemoved(reader: String)
    /// pcscd is unreachable; the monitor keeps retrying by itself.
    case serviceDown(reason: String)
    /// pcscd is reachable (again).
    case serviceUp
    /// A card was put on a reader and its UID was read: one tap, however long the card stays.
    case tap(CardTap)
    /// A card was put on a reader but no valid UID could be read (garbage answer, pulled away, ...).
    case unreadable(reader: String, reason: String)
}

/// A card put on a reader, with the UID read by GET DATA (`FF CA 00 00 00`).
public struct CardTap: Sendable, Equatable {
    /// The pcscd reader name, e.g. `ACS ACR122U PICC Interface 00 00`.
    public var reader: String
    /// The UID in upper-case hex without spaces (8, 14 or 20 characters).
    public var uid: String
    /// The card's ATR as the reader reported it.
    public var atr: [UInt8]
    /// The card type from the PC/SC part 3 ATR, e.g. `MIFARE Classic 1K`, or `unknown`.
    public var cardType: String
    /// When the UID was read.
    public var at: Date
    /// Whether the card proved it holds its key (AES mutual authentication), when it has one.
    public var authentication: CardAuthentication

    /// Builds a tap; `cardType` defaults to what the ATR says.
    public init(reader: String, uid: String, atr: [UInt8], cardType: String? = nil, at: Date = Date(),
                authentication: CardAuthentication = .notAttempted) {
        self.reader = reader
        self.uid = uid
        self.atr = atr
        self.cardType = cardType ?? CardType.name(atr: atr)
        self.at = at
        self.authentication = authentication
    }
}

/// What the AES mutual authentication of a tap showed.
public enum CardAuthentication: Sendable, Equatable {
    /// No key is on record for this UID (a UID-only card, or an unknown card): nothing was asked.
    case notAttempted
    /// The card proved it holds its diversified key of this version.
    case genuine(keyVersion: Int)
    /// The card has a key on record but did not prove it: a clone, a card of another site, or a
    /// retired key version. `code` is stable (`no_application`, `refused_by_card`, `wrong_card_proof`,
    /// `key_retired`, `key_unknown`).
    case failed(keyVersion: Int?, code: String, reason: String)
}
