/// `card.list`: cards, optionally of one client or in one state.
public struct CardListParams: Codable, Sendable {
    /// Only this client's cards, when set.
    public var clientNumber: String?
    /// `active`, `blocked` or `lost`.
    public var state: String?

    /// A filter; nil fields do not filter.
    public init(clientNumber: String? = nil, state: String? = nil) {
        self.clientNumber = clientNumber
        self.state = state
    }
}

/// The answer to `card.list`.
public struct CardListResult: Codable, Hashable, Sendable {
    /// The cards that match.
    public var cards: [CardInfo]

    /// The cards found.
    public init(cards: [CardInfo]) {
        self.cards = cards
    }
}
