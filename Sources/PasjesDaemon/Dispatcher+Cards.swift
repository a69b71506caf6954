import PasjesCore
import PasjesProtocol

// Cards beyond link, block and replace: listing, and issuing authenticated cards.
extension Dispatcher {
    static let cardRoutes: [Route] = [
        Route(.cardList, .admin, CardListParams.self) { d, p, _, _ in try await d.cardList(p) },
        Route(.cardIssue, .admin, books: true, CardIssueParams.self) { d, p, _, _ in try await d.cardIssue(p) },
    ]

    /// Cards, newest first: of one client (`clientNumber`), in one state (`state`), without a key
    /// (`plain`), or all; each says whether it is authenticated. Admin.
    func cardList(_ p: CardListParams) async throws -> CardListResult {
        let (cards, versions) = try await blocking {
            (try ledger.cards(clientNumber: p.clientNumber, state: p.state), try ledger.cardKeyVersions())
        }
        let listed = cards.map { CardInfo($0, keyVersions: versions) }
        // `plain`: the cards still known by UID alone, the ones to replace before `require_auth`.
        return CardListResult(cards: p.plain == true ? listed.filter { $0.authenticated != true } : listed)
    }
}
