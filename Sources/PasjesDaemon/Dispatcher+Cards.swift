import PasjesCore
import PasjesProtocol

// Cards beyond link, block and replace: listing.
extension Dispatcher {
    func cardList(_ p: CardListParams) async throws -> CardListResult {
        throw RPCError.unavailable("card.list is not built yet")
    }
}
