import Foundation
import PasjesCore
import PasjesProtocol

// Offline sales that the rules did not allow when they reached the log: the administrators' list.
extension Dispatcher {
    /// The administrators' methods of this file.
    static let offlineRiskRoutes: [Route] = [
        Route(.saleRisks, .admin, SaleRisksParams.self) { d, p, _, _ in try await d.saleRisks(p) },
        Route(.saleSettleRisk, .admin, books: true, SaleSettleRiskParams.self) { d, p, peer, _ in
            try await d.saleSettleRisk(p, peer: peer)
        },
    ]

    /// `sale.risks`: open ones first, newest first.
    func saleRisks(_ p: SaleRisksParams) async throws -> SaleRisksResult {
        let month = try p.month.map { text -> Month in
            guard let month = Month(text) else { throw RPCError.invalidParams("month: YYYY-MM") }
            return month
        }
        let unit = ledger.unit
        let risks = try await blocking { [ledger] in
            try ledger.offlineRisks(month: month, limit: SaleRisksResult.maxRisks + 1)
        }.filter { p.open != true || $0.settlement == nil }
        return SaleRisksResult(
            risks: risks.prefix(SaleRisksResult.maxRisks).map {
                SaleRiskInfo(saleId: $0.saleID, clientNumber: $0.clientNumber, counter: $0.counterID, at: $0.createdAt,
                             month: $0.month, unit: unit, total: $0.total, amount: $0.amount, reason: $0.reason,
                             node: $0.origin, settlement: $0.settlement, settledAt: $0.settledAt)
            },
            truncated: risks.count > SaleRisksResult.maxRisks)
    }

    /// `sale.settleRisk`.
    func saleSettleRisk(_ p: SaleSettleRiskParams, peer: Peer) async throws -> SaleSettleRiskResult {
        guard let settlement = RiskSettlement(rawValue: p.settlement) else {
            throw RPCError.invalidParams("settlement: wallet of organisation")
        }
        let settled = try await blocking { [ledger] in
            try ledger.settleRisk(saleID: p.saleId, settlement: settlement, operator: peer.operatorRecord,
                                  idempotencyKey: p.idempotencyKey)
        }
        if !settled.replayed {
            logger.notice("offline risk settled", metadata: [
                "sale": "\(p.saleId)", "settlement": "\(p.settlement)", "amount": "\(settled.amount.minorUnits)", "uid": "\(peer.uid)"])
        }
        return SaleSettleRiskResult(saleId: settled.saleID, unit: ledger.unit, amount: settled.amount,
                                    settlement: settled.settlement, balance: settled.balance, replayed: settled.replayed)
    }
}
