import PasjesCore
import PasjesModel
import PasjesMoney
import PasjesProtocol

// The arrangement (standing services), absence and the solidarity buffer: admins only, every
// write a journaled command with an idempotency key.
extension Dispatcher {
    static let arrangementRoutes: [Route] = [
        Route(.arrangementAdd, .admin, books: true, ArrangementAddParams.self,
              integers: [.quantity("quantity", Ledger.arrangementQuantity)]) { d, p, peer, _ in
            try await d.arrangementAdd(p, peer: peer)
        },
        Route(.arrangementEnd, .admin, books: true, ArrangementEndParams.self) { d, p, peer, _ in
            try await d.arrangementEnd(p, peer: peer)
        },
        Route(.arrangementList, .admin, ClientNumberParams.self) { d, p, _, _ in try await d.arrangementList(p) },
        Route(.clientAbsence, .admin, books: true, ClientAbsenceParams.self) { d, p, peer, _ in
            try await d.clientAbsence(p, peer: peer)
        },
        Route(.clientAbsences, .admin, ClientNumberParams.self) { d, p, _, _ in try await d.clientAbsences(p) },
        Route(.budgetGrant, .admin, books: true, BudgetGrantParams.self,
              integers: [.amount("amount", "bedrag", minimum: 1)]) { d, p, peer, _ in
            try await d.budgetGrant(p, peer: peer)
        },
        Route(.budgetSolidarity, .admin, NoParams.self) { d, _, _, _ in try await d.budgetSolidarity() },
    ]

    func arrangementAdd(_ p: ArrangementAddParams, peer: Peer) async throws -> ArrangementResultInfo {
        let from = try Self.day(p.from, field: "from")
        let through = try p.through.map { try Self.day($0, field: "through") }
        let result = try await blocking {
            try ledger.addArrangement(clientNumber: p.clientNumber, productCode: p.productCode, quantity: p.quantity,
                                      per: p.per, from: from, through: through, operator: peer.operatorRecord,
                                      idempotencyKey: p.idempotencyKey)
        }
        if let booking = result.booking, let refusal = booking.refusal {
            logger.warning("arrangement not booked", metadata: [
                "client": "\(p.clientNumber)", "product": "\(result.arrangement.productCode)",
                "month": "\(booking.month)", "reason": "\(refusal)",
            ])
        }
        return info(result)
    }

    func arrangementEnd(_ p: ArrangementEndParams, peer: Peer) async throws -> ArrangementResultInfo {
        let through = try Self.day(p.through, field: "through")
        return info(try await blocking {
            try ledger.endArrangement(id: p.id, through: through, operator: peer.operatorRecord,
                                      idempotencyKey: p.idempotencyKey)
        })
    }

    func arrangementList(_ p: ClientNumberParams) async throws -> ArrangementListResult {
        let lines = try await blocking { try ledger.arrangements(clientNumber: p.clientNumber) }
        return ArrangementListResult(unit: ledger.unit, arrangements: lines.map(Self.info))
    }

    func clientAbsence(_ p: ClientAbsenceParams, peer: Peer) async throws -> ClientAbsenceResult {
        let from = try Self.day(p.from, field: "from")
        let through = try Self.day(p.through, field: "through")
        let result = try await blocking {
            try ledger.recordAbsence(clientNumber: p.clientNumber, from: from, through: through, reason: p.reason,
                                     note: p.note, operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        }
        if !result.replayed {
            logger.notice("absence recorded", metadata: [
                "uid": "\(peer.uid)", "client": "\(p.clientNumber)", "from": "\(from)", "through": "\(through)",
                "reason": "\(p.reason.rawValue)", "refunds": "\(result.refunds.count)",
                "holds_released": "\(result.holdsReleased)",
                "refunded": "\(result.refunds.reduce(Int64(0)) { $0 + $1.amount.minorUnits })",
            ])
        }
        return ClientAbsenceResult(
            unit: ledger.unit, absence: Self.info(result.absence),
            refunds: result.refunds.map {
                AbsenceRefundInfo(arrangementId: $0.arrangementID, productName: $0.productName,
                                  month: $0.month.description, days: $0.days, amount: $0.amount, transferId: $0.transferID)
            },
            holdsReleased: result.holdsReleased, balance: result.balance, light: result.light, replayed: result.replayed)
    }

    func clientAbsences(_ p: ClientNumberParams) async throws -> ClientAbsencesResult {
        ClientAbsencesResult(absences: try await blocking { try ledger.absences(clientNumber: p.clientNumber) }.map(Self.info))
    }

    func budgetGrant(_ p: BudgetGrantParams, peer: Peer) async throws -> BudgetGrantResult {
        if let limit = configuration.grantConfirmAbove, p.amount.minorUnits > limit.minorUnits, p.confirmed != true {
            // Checked here, before the ledger: a large grant typed by mistake books nothing.
            throw RPCError(code: RPCError.Code.refused,
                           message: "Een toekenning boven \(limit.formatted(ledger.unit)) vraagt bevestiging: "
                               + "\(p.amount.formatted(ledger.unit)) aan \(p.clientNumber). Geef --ja mee.",
                           reason: Reason.confirmationRequired.code, detail: "amount \(p.amount.minorUnits) > \(limit.minorUnits)")
        }
        let result = try await blocking {
            try ledger.grant(clientNumber: p.clientNumber, amount: p.amount, reason: p.reason, operator: peer.operatorRecord,
                             idempotencyKey: p.idempotencyKey)
        }
        if !result.replayed {
            // Organisation money went to one resident: the log says who decided and why.
            logger.notice("solidarity granted", metadata: [
                "uid": "\(peer.uid)", "client": "\(result.clientNumber)", "amount": "\(result.amount.minorUnits)",
                "reason": "\(result.reason)", "buffer_left": "\(result.solidarityBalance.minorUnits)",
            ])
        }
        return BudgetGrantResult(
            unit: ledger.unit, clientNumber: result.clientNumber, amount: result.amount, reason: result.reason,
            balance: result.balance, light: result.light, solidarityBalance: result.solidarityBalance,
            transferId: result.transferID, replayed: result.replayed)
    }

    func budgetSolidarity() async throws -> SolidarityResult {
        let (balance, policy) = try await blocking { (try ledger.solidarityBalance(), try ledger.solidarityPolicy()) }
        return SolidarityResult(unit: ledger.unit, balance: balance, basisPoints: policy.basisPoints, fixed: policy.fixed)
    }

    /// `YYYY-MM-DD`, or `invalid_params` naming the field.
    private static func day(_ text: String, field: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw RPCError.invalidParams("\(field): a date YYYY-MM-DD, not '\(text.prefix(40))'")
        }
        return day
    }

    private func info(_ result: ArrangementResult) -> ArrangementResultInfo {
        ArrangementResultInfo(
            unit: ledger.unit, arrangement: Self.info(result.arrangement),
            booking: result.booking.map { b in
                ArrangementBookingInfo(month: b.month.description, days: b.days, quantity: b.quantity, saleId: b.saleID,
                                       amount: b.amount, refusal: b.refusal,
                                       refusalMessage: b.refusal.flatMap(Reason.message(for:)))
            },
            replayed: result.replayed)
    }

    private static func info(_ a: Arrangement) -> ArrangementInfo {
        ArrangementInfo(id: a.id, clientNumber: a.clientNumber, productCode: a.productCode, productName: a.productName,
                        price: a.price, quantity: a.quantity, per: a.per, from: a.from.description,
                        through: a.through?.description)
    }

    private static func info(_ a: Absence) -> AbsenceInfo {
        AbsenceInfo(id: a.id, clientNumber: a.clientNumber, from: a.from.description, through: a.through.description,
                    reason: a.reason, note: a.note)
    }
}
