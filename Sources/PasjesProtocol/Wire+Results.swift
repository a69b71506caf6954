import PasjesMoney

// Results of the list-like methods: always an object, so fields can be added later.

/// `client.list`
public struct ClientListResult: Codable, Sendable {
    /// The clients that match (this page of them).
    public var clients: [ClientInfo]
    /// The `offset` of the next page, nil on the last.
    public var next: Int?
    /// The clients found.
    public init(clients: [ClientInfo], next: Int? = nil) {
        self.clients = clients
        self.next = next
    }
}

/// `product.list`
public struct ProductListResult: Codable, Sendable {
    /// The products that match.
    public var products: [ProductInfo]
    /// The products found.
    public init(products: [ProductInfo]) { self.products = products }
}

/// `counter.list`
public struct CounterListResult: Codable, Sendable {
    /// Every counter.
    public var counters: [CounterInfo]
    /// The counters found.
    public init(counters: [CounterInfo]) { self.counters = counters }
}

/// `subscribe`
public struct SubscribeResult: Codable, Sendable {
    /// The topics this connection now receives.
    public var subscribed: [EventTopic]
    /// The counter the events are narrowed to, if any.
    public var counter: String?
    /// The subscription as the daemon accepted it.
    public init(subscribed: [EventTopic], counter: String?) {
        self.subscribed = subscribed
        self.counter = counter
    }
}

/// `card.get`: the card and its holder.
public struct CardDetail: Codable, Sendable {
    /// The card.
    public var card: CardInfo
    /// The client the card pays for.
    public var client: ClientInfo
    /// A card with its holder.
    public init(card: CardInfo, client: ClientInfo) {
        self.card = card
        self.client = client
    }
}

/// `budget.allocate`
public struct AllocationInfo: Codable, Sendable {
    /// The client the budget was allocated to.
    public var clientNumber: String
    /// `YYYY-MM`: the month allocated for.
    public var month: String
    /// The unit of every amount in this result.
    public var unit: AmountUnit
    /// The amount allocated.
    public var amount: Amount
    /// The part of the balance held back as reserve.
    public var reserve: Amount
    /// Last month's leftover that flowed back at this allocation.
    public var flowedBack: Amount
    /// The wallet balance after the allocation.
    public var balance: Amount
    /// The traffic light for the balance.
    public var light: TrafficLight
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool
    /// True when `month` has not started: the money is announced and lands in the wallet on the
    /// 1st (Europe/Amsterdam); `balance` and `light` are still this month's. Absent otherwise.
    public var announced: Bool?

    /// An allocation, field by field.
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
    /// The id of the booking this line belongs to.
    public var transferId: String
    /// When it was booked (ISO 8601).
    public var at: String
    /// `allocation`, `charge`, `charge_own`, `flow_back` or `reversal`.
    public var kind: String
    /// `wallet` or `own`.
    public var account: String
    /// Positive: money in; negative: money out.
    public var amount: Amount
    /// The sale the line belongs to, for charges and their reversals.
    public var saleId: String?
    /// The counter of that sale.
    public var counter: String?
    /// Who booked it.
    public var operatorName: String
    /// A short description of the booking.
    public var memo: String
    /// An admin's reason for a sale without a presented card, or a reversal's reason.
    public var reason: String?

    /// A history line, field by field.
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
    /// The client whose history this is.
    public var clientNumber: String
    /// The unit of every amount in the history.
    public var unit: AmountUnit
    /// The lines, as `wallet.history` orders them (this page of them).
    public var lines: [HistoryLine]
    /// The `offset` of the next page, nil on the last.
    public var next: Int?
    /// A client's history.
    public init(clientNumber: String, unit: AmountUnit, lines: [HistoryLine], next: Int? = nil) {
        self.clientNumber = clientNumber
        self.unit = unit
        self.lines = lines
        self.next = next
    }
}

/// `ledger.verify`
public struct VerifyResult: Codable, Sendable {
    /// One problem found.
    public struct Problem: Codable, Sendable {
        /// What kind of problem (a stable name).
        public var kind: String
        /// The booking concerned, if one is.
        public var transferId: String?
        /// The account concerned, if one is.
        public var account: String?
        /// The table that differs from its rebuild from the journal, if one does.
        public var table: String?
        /// The journal entry concerned, if one is.
        public var journalSeq: Int64?
        /// What is wrong, in words.
        public var message: String
        /// A problem, field by field.
        public init(kind: String, transferId: String?, account: String?, table: String? = nil, journalSeq: Int64? = nil,
                    message: String) {
            self.kind = kind
            self.transferId = transferId
            self.account = account
            self.table = table
            self.journalSeq = journalSeq
            self.message = message
        }
    }

    /// True when no problem was found.
    public var ok: Bool
    /// How many bookings were checked.
    public var transfers: Int
    /// How many accounts were checked.
    public var accounts: Int
    /// How many journal entries were checked (every table was rebuilt from them).
    public var journalEntries: Int?
    /// The journal's head now (`sequence:hash`): keep it outside and pass it to a later verify.
    public var seal: String?
    /// Every problem found.
    public var problems: [Problem]

    /// A verification outcome, field by field.
    public init(ok: Bool, transfers: Int, accounts: Int, journalEntries: Int? = nil, seal: String? = nil,
                problems: [Problem]) {
        self.ok = ok
        self.transfers = transfers
        self.accounts = accounts
        self.journalEntries = journalEntries
        self.seal = seal
        self.problems = problems
    }
}

/// `ledger.backup`: where the copy is and the seal to keep with it.
public struct BackupResult: Codable, Sendable {
    /// The copy's full path (`pasjes-<UTC time>-<seq>-<hash>.sqlite`).
    public var path: String
    /// The copy's journal head, `seq:hash`: write it down with the file.
    public var seal: String
    public var bytes: Int64
    /// Older copies removed to keep the newest `[backup] keep`.
    public var removed: [String]
    /// How long the check of the live file took before the copy (absent from older daemons).
    public var checkMilliseconds: Int64?

    public init(path: String, seal: String, bytes: Int64, removed: [String], checkMilliseconds: Int64? = nil) {
        self.path = path
        self.seal = seal
        self.bytes = bytes
        self.removed = removed
        self.checkMilliseconds = checkMilliseconds
    }
}
