import PasjesMoney

// Results of the list-like methods: always an object, so fields can be added later.

/// `client.list`
public struct ClientListResult: Codable, Sendable {
    public var clients: [ClientInfo]
    public init(clients: [ClientInfo]) { self.clients = clients }
}

/// `product.list`
public struct ProductListResult: Codable, Sendable {
    public var products: [ProductInfo]
    public init(products: [ProductInfo]) { self.products = products }
}

/// `counter.list`
public struct CounterListResult: Codable, Sendable {
    public var counters: [CounterInfo]
    public init(counters: [CounterInfo]) { self.counters = counters }
}

/// `subscribe`
public struct SubscribeResult: Codable, Sendable {
    public var subscribed: [EventTopic]
    public var counter: String?
    public init(subscribed: [EventTopic], counter: String?) {
        self.subscribed = subscribed
        self.counter = counter
    }
}

/// `card.get`: the card and its holder.
public struct CardDetail: Codable, Sendable {
    public var card: CardInfo
    public var client: ClientInfo
    public init(card: CardInfo, client: ClientInfo) {
        self.card = card
        self.client = client
    }
}

/// `budget.allocate`
public struct AllocationInfo: Codable, Sendable {
    public var clientNumber: String
    public var month: String
    public var unit: AmountUnit
    public var amount: Amount
    public var reserve: Amount
    public var flowedBack: Amount
    public var balance: Amount
    public var light: TrafficLight
    public var replayed: Bool
    /// True when `month` has not started: the money is announced and lands in the wallet on the
    /// 1st (Europe/Amsterdam); `balance` and `light` are still this month's. Absent otherwise.
    public var announced: Bool?

    public init(clientNumber: String, month: String, unit: AmountUnit, amount: Amount, reserve: Amount,
                flowedBack: Amount, balance: Amount, light: TrafficLight, replayed: Bool, announced: Bool? = nil) {
        self.announced = announced
        self.clientNumber = clientNumber
        self.month = month
        self.unit = unit
        self.amount = amount
        self.reserve = reserve
        self.flowedBack = flowedBack
        self.balance = balance
        self.light = light
        self.replayed = replayed
    }
}

/// One line of `wallet.history`.
public struct HistoryLine: Codable, Sendable {
    public var transferId: String
    public var at: String
    /// `allocation`, `charge`, `charge_own`, `flow_back` or `reversal`.
    public var kind: String
    /// `wallet` or `own`.
    public var account: String
    /// Positive: money in; negative: money out.
    public var amount: Amount
    public var saleId: String?
    public var counter: String?
    public var operatorName: String
    public var memo: String
    /// An admin's reason for a sale without a presented card, or a reversal's reason.
    public var reason: String?

    public init(transferId: String, at: String, kind: String, account: String, amount: Amount, saleId: String?,
                counter: String?, operatorName: String, memo: String, reason: String? = nil) {
        self.reason = reason
        self.transferId = transferId
        self.at = at
        self.kind = kind
        self.account = account
        self.amount = amount
        self.saleId = saleId
        self.counter = counter
        self.operatorName = operatorName
        self.memo = memo
    }
}

/// `wallet.history`
public struct HistoryResult: Codable, Sendable {
    public var clientNumber: String
    public var unit: AmountUnit
    public var lines: [HistoryLine]
    public init(clientNumber: String, unit: AmountUnit, lines: [HistoryLine]) {
        self.clientNumber = clientNumber
        self.unit = unit
        self.lines = lines
    }
}

/// `ledger.verify`
public struct VerifyResult: Codable, Sendable {
    /// One problem found.
    public struct Problem: Codable, Sendable {
        public var kind: String
        public var transferId: String?
        public var account: String?
        public var message: String
        public init(kind: String, transferId: String?, account: String?, message: String) {
            self.kind = kind
            self.transferId = transferId
            self.account = account
            self.message = message
        }
    }

    public var ok: Bool
    public var transfers: Int
    public var accounts: Int
    public var problems: [Problem]

    public init(ok: Bool, transfers: Int, accounts: Int, problems: [Problem]) {
        self.ok = ok
        self.transfers = transfers
        self.accounts = accounts
        self.problems = problems
    }
}
