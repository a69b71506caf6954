import PasjesMoney

/// Who pays: the card presented at the counter, or (admins only) a client by number.
public enum Payer: Codable, Hashable, Sendable {
    case card(uid: String)
    case client(number: String)
    /// A client and the card they hold: pays only when it is that client's active card.
    case clientCard(number: String, uid: String)
}

/// One basket line.
public struct ChargeItem: Codable, Hashable, Sendable {
    public var productCode: String
    public var quantity: Int64

    public init(productCode: String, quantity: Int64) {
        self.productCode = productCode
        self.quantity = quantity
    }
}

/// A request to charge a basket. Its content (not who sends it) is what an idempotency key
/// protects: the same key with another basket is a conflict.
public struct ChargeRequest: Codable, Hashable, Sendable {
    public var counterID: String
    public var payer: Payer
    public var items: [ChargeItem]
    /// Why an admin charged by client number instead of a presented card.
    public var reason: String?

    public init(counterID: String, payer: Payer, items: [ChargeItem], reason: String? = nil) {
        self.counterID = counterID
        self.payer = payer
        self.items = items
        self.reason = reason
    }
}

/// The outcome of a charge: what came from the wallet, what from own money, what is left.
public struct ChargeResult: Codable, Hashable, Sendable {
    public var saleID: String
    public var counterID: String
    public var clientNumber: String
    public var clientName: String
    public var cardUID: String?
    public var total: Amount
    public var fromWallet: Amount
    public var fromOwn: Amount
    public var balance: Amount
    public var reserve: Amount
    public var light: TrafficLight
    public var operatorName: String
    public var operatorUID: UInt32
    public var createdAt: String
    public var replayed: Bool
    /// The part paid by the organisation's `offline:risk` (an offline sale applied when the
    /// rules no longer allowed it); nil for every other sale.
    public var fromRisk: Amount?
    /// Why (`short_wallet`, `card_blocked`, `client_not_active`, `limit`); nil without risk.
    public var riskReason: String?
    /// True in the answer to a sale accepted offline (never in the journal's result).
    public var offline: Bool?
}

/// How a basket is split over wallet and own money.
///
/// Care (`zorg`) may use the whole wallet, reserve included, and never own money: residents are
/// not punished for being ill. Other items may use only the wallet above the reserve; the rest
/// comes from own money if allowed and under the monthly cap. Care takes the reserve first, so
/// the part above the reserve is kept for what only it may pay.
struct ChargeSplit: Equatable {
    var fromWallet: Amount
    var fromOwn: Amount

    static func compute(careTotal: Amount, otherTotal: Amount, balance: Amount, reserve: Amount,
                        ownAllowed: Bool, ownHeadroom: () throws -> Amount) throws -> ChargeSplit {
        // Prices are checked when read (`ProductRow`); this guards the arithmetic below all the same.
        guard careTotal.minorUnits >= 0 && otherTotal.minorUnits >= 0 else {
            throw LedgerError.inconsistent("een prijs is negatief", table: "products",
                                           key: "care \(careTotal.minorUnits), other \(otherTotal.minorUnits)")
        }
        let usable = max(0, balance.minorUnits)
        let above = max(0, usable - max(0, reserve.minorUnits))
        let reservePart = usable - above
        let careFromReserve = min(careTotal.minorUnits, reservePart)
        let careFromAbove = careTotal.minorUnits - careFromReserve
        guard careFromAbove <= above else {
            throw LedgerError.insufficientFunds.with("care \(careTotal.minorUnits) > wallet \(usable)")
        }
        let otherFromWallet = min(otherTotal.minorUnits, above - careFromAbove)
        let own = otherTotal.minorUnits - otherFromWallet
        if own > 0 {
            guard ownAllowed else { throw LedgerError.insufficientFunds.with("own money not allowed, short \(own)") }
            let room = try ownHeadroom()
            guard own <= room.minorUnits else {
                throw LedgerError.insufficientFunds.with("own contribution cap: need \(own), room \(room.minorUnits)")
            }
        }
        // careTotal + otherTotal was checked for overflow by the caller, so this cannot wrap.
        return ChargeSplit(fromWallet: Amount(careTotal.minorUnits + otherFromWallet), fromOwn: Amount(own))
    }
}
