/// The method names of the pasjesd protocol. Names are fixed: scripts depend on them.
public enum Method: String, CaseIterable, Sendable {
    case systemInfo = "system.info"
    case clientCreate = "client.create"
    case clientGet = "client.get"
    case clientList = "client.list"
    case clientUpdate = "client.update"
    case cardLink = "card.link"
    case cardBlock = "card.block"
    case cardReplace = "card.replace"
    case cardGet = "card.get"
    case cardList = "card.list"
    case cardIssue = "card.issue"
    case productCreate = "product.create"
    case productUpdate = "product.update"
    case productList = "product.list"
    case counterCreate = "counter.create"
    case counterList = "counter.list"
    case budgetAllocate = "budget.allocate"
    case budgetReverse = "budget.reverse"
    case budgetForm = "budget.form"
    case clientContact = "client.contact"
    case saleCharge = "sale.charge"
    case saleReverse = "sale.reverse"
    case walletGet = "wallet.get"
    case walletHistory = "wallet.history"
    case ledgerVerify = "ledger.verify"
    case monthClose = "month.close"
    case monthReport = "month.report"
    case monthExport = "month.export"
    case monthStatement = "month.statement"
    case subscribe = "subscribe"
}

/// Notifications that are not subscribed to: the daemon sends them when it must.
public enum ControlNotification {
    /// The subscription was ended (see `SubscriptionDroppedEvent`); the connection closes.
    public static let subscriptionDropped = "subscription.dropped"
}
