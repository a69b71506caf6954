import PasjesCore
import PasjesProtocol

// Cards beyond link, block and replace: listing.
extension Dispatcher {
    static let cardRoutes: [Route] = [
        Route(.cardList, .admin, CardListParams.self) { d, p, _, _ in try await d.cardList(p) },
    ]

    /// Cards, newest first: of one client (`clientNumber`), in one state (`state`), or all. Admin.
    func cardList(_ p: CardListParams) async throws -> CardListResult {
        let state = try p.state.map { text in
            guard let state = CardState(rawValue: text) else { throw RPCError.invalidParams("state: active, blocked or lost") }
            return state
        }
        let cards = try await blocking { try ledger.cards(clientNumber: p.clientNumber, state: state) }
        return CardListResult(cards: cards.map(CardInfo.init))
    }
}
