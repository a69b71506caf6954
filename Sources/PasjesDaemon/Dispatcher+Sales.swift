import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol

// Sales at the counter: charge, reverse, wallet, and the event subscription.
extension Dispatcher {
    /// What a counter needs: who am I, charge, undo, the presented card's wallet, events.
    static let counterRoutes: [Route] = [
        Route(.systemInfo, .none, NoParams.self) { d, _, peer, _ in try await d.blocking { d.systemInfo(peer: peer) } },
        Route(.saleCharge, .cashier, books: true, SaleChargeParams.self,
              integers: [.quantity("items.*.quantity", 1...Ledger.maxQuantity)]) { d, p, peer, _ in
            try await d.saleCharge(p, peer: peer)
        },
        Route(.saleReverse, .cashier, books: true, SaleReverseParams.self) { d, p, peer, _ in
            try await d.saleReverse(p, peer: peer)
        },
        Route(.walletGet, .cashier, ClientRef.self) { d, p, peer, _ in try await d.walletGet(p, peer: peer) },
        Route(.subscribe, .cashier, SubscribeParams.self) { d, p, peer, session in
            try d.subscribe(p, peer: peer, session: session)
        },
    ]

    func saleCharge(_ p: SaleChargeParams, peer: Peer) async throws -> SaleResult {
        try requireCounter(p.counter, .saleCharge, peer)
        guard p.items.count <= ProtocolLimits.maxBasketItems else {
            throw RPCError(LedgerError.invalidQuantity.with("more than \(ProtocolLimits.maxBasketItems) lines"))
        }
        let items = p.items.map { ChargeItem(productCode: $0.product, quantity: $0.quantity) }
        let payer: Payer
        var token: String?
        if let tapToken = p.tapToken {
            let claim: TapTokens.Claim
            do {
                claim = try tokens.claim(tapToken, counter: p.counter, key: p.idempotencyKey)
            } catch {
                // The token is gone (daemon restarted), expired or spent, but this key may
                // already have paid: a retry must hear the first result, never "pay again".
                if error != .chargePending, let replay = try await replayedCharge(p, items: items, peer: peer) {
                    return replay
                }
                throw error
            }
            switch claim {
            case .charge(let uid), .replay(let uid): payer = .card(uid: uid)
            }
            token = tapToken
        } else {
            payer = try payerWithoutTap(p, peer: peer)
        }
        let request = ChargeRequest(counterID: p.counter, payer: payer, items: items,
                                    reason: token == nil ? p.reason : nil)
        let outcome: GroupCommitter.Outcome
        do {
            outcome = try await committer.charge(request, operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        } catch {
            if let token { tokens.finish(token, key: p.idempotencyKey, charged: false) }
            // The whole batch failed: a ledger refusal still travels as one, not as `internal_error`.
            if let refusal = error as? LedgerError { throw RPCError(refusal) }
            throw error
        }
        switch outcome {
        case .success(let charged):
            if let token {
                tokens.finish(token, key: p.idempotencyKey, charged: true)
                if !charged.replayed, let reader = tokens.reader(of: token) { readers.feedback(reader: reader, success: true) }
            }
            let result = SaleResult(charged, unit: ledger.unit)
            if !charged.replayed {
                logger.info("sale", metadata: [
                    "sale": "\(charged.saleID)", "counter": "\(charged.counterID)", "client": "\(charged.clientNumber)",
                    "total": "\(charged.total.minorUnits)", "own": "\(charged.fromOwn.minorUnits)", "uid": "\(peer.uid)",
                    "reason": "\(request.reason ?? "")",
                ])
                hub.publish(.saleCompleted, counter: charged.counterID, result)
            }
            if configuration.faultReplyDelayMilliseconds > 0 && !charged.replayed {
                logger.warning("fault injection: delaying the reply", metadata: ["ms": "\(configuration.faultReplyDelayMilliseconds)"])
                try? await Task.sleep(for: .milliseconds(configuration.faultReplyDelayMilliseconds))
            }
            return result
        case .failure(let error):
            if let token {
                tokens.finish(token, key: p.idempotencyKey, charged: false)
                if let reader = tokens.reader(of: token) { readers.feedback(reader: reader, success: false) }
            }
            logger.info("sale refused", metadata: ["reason": "\(error.code)", "counter": "\(p.counter)",
                                                    "uid": "\(peer.uid)", "detail": "\(error.detail ?? "")"])
            throw RPCError(error)
        }
    }

    /// The payer of a charge without a presented card: for admins only, with a reason on the record.
    private func payerWithoutTap(_ p: SaleChargeParams, peer: Peer) throws -> Payer {
        guard peer.role == .admin else { throw RPCError.tapTokenRequired }
        guard let reason = p.reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RPCError.reasonRequired
        }
        // Both named: the ledger books only when the card is that client's active card.
        if let number = p.clientNumber, let uid = p.cardUid {
            return .clientCard(number: number, uid: uid)
        } else if let number = p.clientNumber {
            return .client(number: number)
        } else if let uid = p.cardUid {
            return .card(uid: uid)
        } else {
            throw RPCError.invalidParams("name tapToken, clientNumber or cardUid")
        }
    }

    /// The first result of this key's charge, for a retry whose token can no longer be claimed.
    ///
    /// Only to the operator who booked it (or an admin), and only for the same counter and
    /// basket: a key seen on someone else's screen must not reveal that resident's balance.
    private func replayedCharge(_ p: SaleChargeParams, items: [ChargeItem], peer: Peer) async throws -> SaleResult? {
        let stored = try await blocking { () -> ChargeResult? in
            guard let first = try ledger.storedCharge(idempotencyKey: p.idempotencyKey),
                  first.operatorUID == peer.uid || peer.role == .admin,
                  let uid = first.cardUID else { return nil }
            let request = ChargeRequest(counterID: p.counter, payer: .card(uid: uid), items: items)
            return try ledger.storedCharge(idempotencyKey: p.idempotencyKey, request: request)
        }
        guard let stored else { return nil }
        var result = SaleResult(stored, unit: ledger.unit)
        result.replayed = true
        return result
    }

    func saleReverse(_ p: SaleReverseParams, peer: Peer) async throws -> PasjesProtocol.ReversalResult {
        // A sale sold offline here and still queued is in the outbox, not yet in the ledger.
        let sale = try await blocking { () throws -> (counterID: String, operatorUID: UInt32, createdAt: String) in
            do {
                let sale = try ledger.sale(id: p.saleId)
                return (sale.counterID, sale.operatorUID, sale.createdAt)
            } catch let error as LedgerError where error == .saleUnknown {
                guard let queued = try ledger.queuedSale(id: p.saleId) else { throw error }
                return (queued.counterID, queued.operatorUID, queued.createdAt)
            }
        }
        try requireCounter(sale.counterID, .saleReverse, peer)
        if peer.role != .admin {
            guard sale.operatorUID == peer.uid else { throw RPCError.notYourSale }
            // Stored times against the ledger's clock, the one the reversal is booked with: the
            // journal replays a reversal with its own time, never with the machine's.
            guard let soldAt = Ledger.date(wireTimestamp: sale.createdAt),
                  clock.wall().timeIntervalSince(soldAt) <= TimeInterval(configuration.reversalGraceSeconds) else {
                throw RPCError.gracePeriodOver
            }
        }
        let reversal = try await blocking {
            try ledger.reverse(saleID: p.saleId, operator: peer.operatorRecord, reason: p.reason,
                               idempotencyKey: p.idempotencyKey)
        }
        let result = PasjesProtocol.ReversalResult(reversal, unit: ledger.unit)
        if !reversal.replayed {
            logger.notice("sale reversed", metadata: ["sale": "\(p.saleId)", "uid": "\(peer.uid)", "reason": "\(p.reason ?? "")"])
            hub.publish(.saleReversed, counter: sale.counterID, result)
        }
        return result
    }

    /// A wallet by number or card (admins), or by a live tap token of the caller's counter.
    func walletGet(_ p: ClientRef, peer: Peer) async throws -> WalletInfo {
        let wallet = try await blocking {
            if let token = p.tapToken {
                let grant = try tokens.live(token)
                try requireCounter(grant.counter, .walletGet, peer)
                return try ledger.wallet(cardUID: grant.uid)
            }
            // A cashier learns about a resident only through a presented card.
            guard peer.role == .admin else {
                throw refuse(.walletGet, peer, "wallet.get by number or cardUid is for admins; cashiers give tapToken")
            }
            if let number = p.number { return try ledger.wallet(clientNumber: number) }
            if let uid = p.cardUid { return try ledger.wallet(cardUID: uid) }
            throw RPCError.invalidParams("name number, cardUid or tapToken")
        }
        return WalletInfo(wallet, unit: ledger.unit)
    }

    /// Starts (or changes) this connection's event stream, for the counters the peer may work.
    func subscribe(_ p: SubscribeParams, peer: Peer, session: Session) throws -> SubscribeResult {
        guard !p.topics.isEmpty else { throw RPCError.invalidParams("topics is empty") }
        // A suspect card names a client and a UID at any counter: the admins' business only. Left
        // out of a wider subscription (`pasjes watch` asks for every topic), refused on its own.
        let granted = peer.role == .admin ? p.topics : p.topics.filter { $0 != .cardSuspect }
        guard !granted.isEmpty else { throw refuse(.subscribe, peer, "card.suspect is for admins") }
        let counters: CounterAccess
        if let counter = p.counter {
            try requireCounter(counter, .subscribe, peer)
            counters = .only([counter])
        } else {
            counters = peer.counters
            if counters == .only([]) {
                throw refuse(.subscribe, peer, "\(peer.user) may work no counter ([counter_access])")
            }
        }
        let topics = Set(granted)
        // A subscription the hub dropped (too slow) is gone: make a new one rather than
        // answering success for a stream that delivers nothing.
        if let id = session.subscriptionID, hub.update(id, topics: topics, counters: counters) {
            // Changed in place.
        } else {
            let (id, stream) = try hub.subscribe(topics: topics, counters: counters)
            session.subscribed(id: id, stream: stream)
        }
        logger.debug("subscribed", metadata: ["uid": "\(peer.uid)", "counter": "\(p.counter ?? "*")"])
        return SubscribeResult(subscribed: granted, counter: p.counter)
    }

    /// Who the caller is, and for a role the daemon's state; a peer without a role hears only
    /// the version (the database path and readers are nobody else's business).
    ///
    /// Asks the disk for its free space and, at a node, the ledger for its head and queue: on the
    /// thread pool (`blocking`), never on the event loop that serves every connection.
    func systemInfo(peer: Peer) -> SystemInfo {
        guard peer.role != .none else {
            return SystemInfo(version: version, unit: nil, database: nil, uptimeSeconds: nil, peerUid: peer.uid,
                              peerUser: peer.user, role: peer.role.rawValue, readerService: nil, readers: nil)
        }
        let counters: [String]
        switch peer.counters {
        case .all: counters = configuration.counterAccess.keys.sorted()
        case .only(let mine): counters = mine.sorted()
        }
        var info = SystemInfo(version: version, unit: ledger.unit, database: ledger.path,
                              uptimeSeconds: Int64((clock.uptimeNanoseconds() &- startedUptimeNanoseconds) / 1_000_000_000),
                              peerUid: peer.uid, peerUser: peer.user,
                              role: peer.role.rawValue, counters: peer.role == .admin ? nil : counters,
                              readerService: readers.serviceUp, readersEnabled: configuration.pcscEnabled,
                              readers: readers.readers(configuration: configuration))
        info.today = CalendarDay(containing: clock.wall()).description
        // Measured now, not logged: the warning is the periodic check's (`StorageWatchService`).
        info.storageFreeBytes = storage.freeBytes()
        info.storageWarnBelowBytes = storage.warnBelowBytes
        info.central = centralInfo()
        return info
    }
}
