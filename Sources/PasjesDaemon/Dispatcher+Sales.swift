import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol

// Sales at the counter: charge, reverse, wallet, and the event subscription.
extension Dispatcher {
    func saleCharge(_ p: SaleChargeParams, peer: Peer) async throws -> SaleResult {
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
                // The token is gone (daemon restarted) or spent, but this key may already have
                // paid: a retry must hear the first result, never "pay again".
                if let replay = try await replayedCharge(key: p.idempotencyKey), replay.counter == p.counter {
                    return replay
                }
                throw error
            }
            switch claim {
            case .charge(let uid), .replay(let uid): payer = .card(uid: uid)
            }
            token = tapToken
        } else {
            // Charging without a presented card is for admins, with a reason on the record.
            guard peer.role == .admin else {
                if let replay = try await replayedCharge(key: p.idempotencyKey) { return replay }
                throw RPCError.tapTokenRequired
            }
            guard let reason = p.reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RPCError.reasonRequired
            }
            if let number = p.clientNumber {
                payer = .client(number: number)
            } else if let uid = p.cardUid {
                payer = .card(uid: uid)
            } else {
                throw RPCError.invalidParams("name tapToken, clientNumber or cardUid")
            }
        }
        let request = ChargeRequest(counterID: p.counter, payer: payer, items: items,
                                    reason: token == nil ? p.reason : nil)
        let outcome: GroupCommitter.Outcome
        do {
            outcome = try await committer.charge(request, operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        } catch {
            if let token { tokens.finish(token, key: p.idempotencyKey, charged: false) }
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

    /// A cashier retrying a charge whose token the daemon forgot (it restarted) still gets
    /// the first result of that key.
    private func replayedCharge(key: String) async throws -> SaleResult? {
        guard let stored = try await blocking({ try ledger.storedCharge(idempotencyKey: key) }) else { return nil }
        var result = SaleResult(stored, unit: ledger.unit)
        result.replayed = true
        return result
    }

    func saleReverse(_ p: SaleReverseParams, peer: Peer) async throws -> PasjesProtocol.ReversalResult {
        let sale = try await blocking { try ledger.sale(id: p.saleId) }
        if peer.role != .admin {
            guard sale.operatorUID == peer.uid else { throw RPCError.notYourSale }
            let soldAt = (try? Date(sale.createdAt, strategy: .iso8601)) ?? .distantPast
            guard Date().timeIntervalSince(soldAt) <= TimeInterval(configuration.reversalGraceSeconds) else {
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

    func walletGet(_ p: ClientRef) async throws -> WalletInfo {
        let wallet = try await blocking {
            if let number = p.number { return try ledger.wallet(clientNumber: number) }
            if let uid = p.cardUid { return try ledger.wallet(cardUID: uid) }
            throw RPCError.invalidParams("name number or cardUid")
        }
        return WalletInfo(wallet, unit: ledger.unit)
    }

    func subscribe(_ p: SubscribeParams, peer: Peer, session: Session) throws -> SubscribeResult {
        guard !p.topics.isEmpty else { throw RPCError.invalidParams("topics is empty") }
        if let id = session.subscriptionID {
            hub.update(id, topics: Set(p.topics), counter: p.counter)
        } else {
            let (id, stream) = try hub.subscribe(topics: Set(p.topics), counter: p.counter)
            session.subscribed(id: id, stream: stream)
        }
        logger.debug("subscribed", metadata: ["uid": "\(peer.uid)", "counter": "\(p.counter ?? "*")"])
        return SubscribeResult(subscribed: p.topics, counter: p.counter)
    }

    func systemInfo(peer: Peer) -> SystemInfo {
        SystemInfo(version: version, unit: ledger.unit, database: ledger.path,
                   uptimeSeconds: Int64(Date().timeIntervalSince(startedAt)), peerUid: peer.uid, peerUser: peer.user,
                   role: peer.role.rawValue, readerService: readers.serviceUp,
                   readers: readers.readers(configuration: configuration))
    }
}
