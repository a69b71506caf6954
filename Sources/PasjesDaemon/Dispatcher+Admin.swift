import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol

// Administration: clients, cards, products, counters, budgets (roles in `adminRoutes`).
extension Dispatcher {
    /// The administrators' methods of this file.
    static let adminRoutes: [Route] = [
        Route(.clientCreate, .admin, books: true, ClientCreateParams.self, integers: [ownContributionCap]) { d, p, _, _ in
            try await d.clientCreate(p)
        },
        Route(.clientGet, .admin, ClientRef.self) { d, p, _, _ in try await d.clientGet(p) },
        Route(.clientList, .admin, ClientListParams.self, integers: [.offset("offset"), .limit("limit")]) { d, p, _, _ in try await d.clientList(p) },
        Route(.clientUpdate, .admin, books: true, ClientUpdateParams.self, integers: [ownContributionCap]) { d, p, _, _ in
            try await d.clientUpdate(p)
        },
        Route(.cardLink, .admin, books: true, CardLinkParams.self) { d, p, _, _ in try await d.cardLink(p) },
        Route(.cardBlock, .admin, books: true, CardBlockParams.self) { d, p, _, _ in try await d.cardBlock(p) },
        Route(.cardReplace, .admin, books: true, CardReplaceParams.self) { d, p, _, _ in try await d.cardReplace(p) },
        Route(.cardGet, .admin, CardRef.self) { d, p, _, _ in try await d.cardGet(p) },
        Route(.productCreate, .admin, books: true, ProductCreateParams.self, integers: [productPrice]) { d, p, _, _ in
            try await d.productCreate(p)
        },
        Route(.productUpdate, .admin, books: true, ProductUpdateParams.self, integers: [productPrice]) { d, p, _, _ in
            try await d.productUpdate(p)
        },
        Route(.productList, .cashier, ProductListParams.self) { d, p, _, _ in try await d.productList(p) },
        Route(.counterCreate, .admin, books: true, CounterCreateParams.self) { d, p, _, _ in try await d.counterCreate(p) },
        Route(.counterList, .cashier, NoParams.self) { d, _, _, _ in try await d.counterList() },
        Route(.counterSetLocation, .admin, books: true, CounterSetLocationParams.self) { d, p, _, _ in
            try await d.counterSetLocation(p)
        },
        Route(.budgetAllocate, .admin, books: true, BudgetAllocateParams.self,
              integers: [.amount("amount", "bedrag", minimum: 1)]) { d, p, peer, _ in
            try await d.budgetAllocate(p, peer: peer)
        },
        Route(.walletHistory, .admin, WalletHistoryParams.self, integers: [.offset("offset"), .limit("limit")]) { d, p, _, _ in
            try await d.walletHistory(p)
        },
        Route(.ledgerVerify, .admin, slow: true, VerifyParams.self) { d, p, _, _ in try await d.ledgerVerify(p) },
        Route(.ledgerBackup, .admin, slow: true, BackupParams.self) { d, p, peer, _ in try await d.ledgerBackup(p, peer: peer) },
    ]

    private static let ownContributionCap = WireInteger.amount("ownContributionCap", "maximum eigen bijdrage per maand",
                                                               minimum: 0)
    private static let productPrice = WireInteger.amount("price", "prijs", minimum: 1)

    func clientCreate(_ p: ClientCreateParams) async throws -> ClientInfo {
        let new = NewClient(number: p.number, name: p.name, zzp: p.zzp, location: p.location, department: p.department,
                            allowOwnContribution: p.allowOwnContribution ?? false, ownContributionCap: p.ownContributionCap)
        return ClientInfo(try await blocking { try ledger.createClient(new, idempotencyKey: p.idempotencyKey, toch: p.toch ?? false) })
    }

    func clientGet(_ p: ClientRef) async throws -> ClientInfo {
        guard let number = p.number else { throw RPCError.invalidParams("missing field number") }
        return ClientInfo(try await blocking { try ledger.client(number: number) })
    }

    func clientList(_ p: ClientListParams) async throws -> ClientListResult {
        let clients = try await blocking {
            try ledger.clients(location: p.location, status: p.status, limit: min(p.limit ?? 10_000, 10_000))
        }.map(ClientInfo.init)
        return try ReplyPaging.page(count: clients.count, offset: p.offset ?? 0, limit: clients.count) { range, next in
            ClientListResult(clients: Array(clients[range]), next: next)
        }
    }

    func clientUpdate(_ p: ClientUpdateParams) async throws -> ClientInfo {
        let change = ClientChange(name: p.name, zzp: p.zzp, location: p.location, department: p.department, status: p.status,
                                  allowOwnContribution: p.allowOwnContribution, ownContributionCap: p.ownContributionCap)
        return ClientInfo(try await blocking { try ledger.updateClient(number: p.number, change) })
    }

    func cardLink(_ p: CardLinkParams) async throws -> CardInfo {
        CardInfo(try await blocking {
            try ledger.linkCard(uid: p.uid, clientNumber: p.clientNumber, extra: p.extra ?? false,
                                idempotencyKey: p.idempotencyKey)
        })
    }

    /// Blocks a card (`blocked`, `lost`) or, with `state: "active"` and a reason, unblocks it.
    func cardBlock(_ p: CardBlockParams) async throws -> CardInfo {
        let state = p.state ?? .blocked
        let card: Card
        if state == .active {
            guard let reason = p.reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw RPCError(LedgerError.reasonRequired.with("card.block state active"))
            }
            card = try await blocking { try ledger.unblockCard(uid: p.uid, reason: reason) }
            logger.notice("card unblocked", metadata: ["uid": "\(card.uid)", "reason": "\(reason)"])
        } else {
            card = try await blocking { try ledger.blockCard(uid: p.uid, state: state, reason: p.reason) }
            logger.notice("card blocked", metadata: ["uid": "\(card.uid)", "state": "\(state.rawValue)",
                                                       "reason": "\(p.reason ?? "")"])
        }
        return CardInfo(card)
    }

    func cardReplace(_ p: CardReplaceParams) async throws -> CardInfo {
        CardInfo(try await blocking {
            try ledger.replaceCard(oldUID: p.oldUid, newUID: p.newUid, idempotencyKey: p.idempotencyKey)
        })
    }

    func cardGet(_ p: CardRef) async throws -> CardDetail {
        try await blocking {
            let card = try ledger.card(uid: p.uid)
            let version = try ledger.cardKeyVersion(uid: card.uid)
            return CardDetail(card: CardInfo(card, keyVersions: version.map { [card.uid: $0] } ?? [:]),
                              client: ClientInfo(try ledger.client(number: card.clientNumber)))
        }
    }

    func productCreate(_ p: ProductCreateParams) async throws -> ProductInfo {
        let product = Product(code: p.code, name: p.name, price: p.price, category: p.category,
                              attributable: p.attributable, influenceable: p.influenceable)
        return ProductInfo(try await blocking { try ledger.createProduct(product) })
    }

    func productUpdate(_ p: ProductUpdateParams) async throws -> ProductInfo {
        ProductInfo(try await blocking { try ledger.updateProduct(code: p.code, name: p.name, price: p.price, active: p.active) })
    }

    func productList(_ p: ProductListParams) async throws -> ProductListResult {
        ProductListResult(products: try await blocking { try ledger.products(counterID: p.counter) }.map(ProductInfo.init))
    }

    func counterCreate(_ p: CounterCreateParams) async throws -> CounterInfo {
        let categories = try p.categories.map { text in
            guard let category = ProductCategory(rawValue: text) else {
                throw RPCError.invalidParams("category \(text): zorg, dagbesteding, facilitair or welzijn")
            }
            return category
        }
        let counter = Counter(id: p.id, name: p.name, categories: categories, location: p.location)
        return CounterInfo(try await blocking { try ledger.createCounter(counter) })
    }

    func counterSetLocation(_ p: CounterSetLocationParams) async throws -> CounterInfo {
        CounterInfo(try await blocking { try ledger.setCounterLocation(id: p.id, location: p.location) })
    }

    func counterList() async throws -> CounterListResult {
        CounterListResult(counters: try await blocking { try ledger.counters() }.map(CounterInfo.init))
    }

    func budgetAllocate(_ p: BudgetAllocateParams, peer: Peer) async throws -> AllocationInfo {
        guard let month = Month(p.month) else { throw RPCError(LedgerError.invalidMonth) }
        let result = try await blocking {
            try ledger.allocate(clientNumber: p.clientNumber, month: month, amount: p.amount,
                                operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        }
        if !result.replayed {
            // Money leaves funding: the monthly reconciliation needs who allocated what, and when it lands.
            logger.notice("allocation booked", metadata: [
                "uid": "\(peer.uid)", "client": "\(result.clientNumber)", "month": "\(result.month)",
                "amount": "\(result.amount.minorUnits)", "announced": "\(result.announced == true)",
            ])
        }
        return AllocationInfo(result, unit: ledger.unit)
    }

    func walletHistory(_ p: WalletHistoryParams) async throws -> HistoryResult {
        let month = try p.month.map { text in
            guard let month = Month(text) else { throw RPCError(LedgerError.invalidMonth) }
            return month
        }
        let lines = try await blocking {
            try ledger.history(clientNumber: p.clientNumber, month: month, limit: min(p.limit ?? 500, 10_000))
        }
        let all = lines.map(HistoryLine.init)
        return try ReplyPaging.page(count: all.count, offset: p.offset ?? 0, limit: all.count) { range, next in
            HistoryResult(clientNumber: p.clientNumber, unit: ledger.unit, lines: Array(all[range]), next: next)
        }
    }

    func ledgerVerify(_ p: VerifyParams) async throws -> VerifyResult {
        let seal = try p.seal.map { text in
            guard let parsed = JournalSeal(text: text) else {
                throw RPCError.invalidParams("seal: volgnummer:hash, zoals verify het toont (42:9f86…, 64 hexcijfers)")
            }
            return parsed
        }
        let report = try await blocking { try ledger.verify(seal: seal) }
        if !report.isClean {
            logger.critical("ledger verify found problems", metadata: [
                "problems": "\(report.problems.count)", "first": "\(report.problems[0].kind): \(report.problems[0].message)",
            ])
        } else {
            logger.notice("ledger verified", metadata: ["journal": "\(report.journalCount)", "seal": "\(report.seal?.description ?? "-")"])
        }
        return VerifyResult(report)
    }
}
