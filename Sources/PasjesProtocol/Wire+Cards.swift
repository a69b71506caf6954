/// `card.list`: cards, optionally of one client or in one state.
public struct CardListParams: Codable, Sendable {
    public var clientNumber: String?
    /// `active`, `blocked` or `lost`.
    public var state: String?

    public init(clientNumber: String? = nil, state: String? = nil) {
        self.clientNumber = clientNumber
        self.state = state
    }
}

/// The answer to `card.list`.
public struct CardListResult: Codable, Hashable, Sendable {
    public var cards: [CardInfo]

    public init(cards: [CardInfo]) {
        self.cards = cards
    }
}
