import PasjesCore
import PasjesMoney
import PasjesProtocol

// Core values as the wire shows them. The daemon is the only place that knows both.

extension ClientInfo {
    init(_ client: Client) {
        self.init(number: client.number, name: client.name, zzp: client.zzp, location: client.location,
                  department: client.department, status: client.status,
                  allowOwnContribution: client.allowOwnContribution, ownContributionCap: client.ownContributionCap)
    }
}

extension CardInfo {
    init(_ card: Card) {
        self.init(uid: card.uid, clientNumber: card.clientNumber, state: card.state, replacedBy: card.replacedBy,
                  reason: card.reason, blockedAt: card.blockedAt)
    }
}

extension ProductInfo {
    init(_ product: Product) {
        self.init(code: product.code, name: product.name, price: product.price, category: product.category,
                  attributable: product.attributable, influenceable: product.influenceable, active: product.active)
    }
}

extension CounterInfo {
    init(_ counter: Counter) {
        self.init(id: counter.id, name: counter.name, categories: counter.categories.map(\.rawValue), location: counter.location)
    }
}

extension WalletInfo {
    init(_ wallet: WalletSummary, unit: AmountUnit) {
        self.init(clientNumber: wallet.clientNumber, clientName: wallet.clientName, unit: unit,
                  month: wallet.month.description, balance: wallet.balance, reserve: wallet.reserve,
                  light: wallet.light, allocatedThisMonth: wallet.allocatedThisMonth,
                  spentThisMonth: wallet.spentThisMonth, ownSpentThisMonth: wallet.ownSpentThisMonth,
                  ownContributionCap: wallet.ownContributionCap,
                  announced: wallet.announced.minorUnits > 0 ? wallet.announced : nil,
                  announcedMonth: wallet.announced.minorUnits > 0 ? wallet.announcedMonth?.description : nil)
        held = wallet.held
    }
}

extension SaleResult {
    init(_ result: ChargeResult, unit: AmountUnit) {
        self.init(saleId: result.saleID, counter: result.counterID, clientNumber: result.clientNumber,
                  clientName: result.clientName, cardUid: result.cardUID, unit: unit, total: result.total,
                  fromWallet: result.fromWallet, fromOwn: result.fromOwn, balance: result.balance,
                  reserve: result.reserve, light: result.light, operatorName: result.operatorName,
                  at: result.createdAt, replayed: result.replayed)
        offline = result.offline
    }
}

extension PasjesProtocol.ReversalResult {
    init(_ result: PasjesCore.ReversalResult, unit: AmountUnit) {
        self.init(saleId: result.saleID, reversalId: result.reversalID, clientNumber: result.clientNumber,
                  unit: unit, refundedToWallet: result.refundedToWallet, refundedToOwn: result.refundedToOwn,
                  balance: result.balance, light: result.light, replayed: result.replayed)
    }
}

extension AllocationInfo {
    init(_ result: AllocationResult, unit: AmountUnit) {
        self.init(clientNumber: result.clientNumber, month: result.month.description, unit: unit, amount: result.amount,
                  reserve: result.reserve, flowedBack: result.flowedBack, balance: result.balance, light: result.light,
                  replayed: result.replayed, announced: result.announced == true ? true : nil)
    }
}

extension HistoryLine {
    init(_ entry: HistoryEntry) {
        self.init(transferId: entry.transferID, at: entry.at, kind: entry.kind, account: entry.account,
                  amount: entry.amount, saleId: entry.saleID, counter: entry.counterID,
                  operatorName: entry.operatorName, memo: entry.memo, reason: entry.reason)
    }
}

extension VerifyResult {
    init(_ report: VerifyReport) {
        self.init(ok: report.isClean, transfers: report.transferCount, accounts: report.accountCount,
                  journalEntries: report.journalCount, seal: report.seal?.description,
                  problems: report.problems.map {
                      Problem(kind: $0.kind, transferId: $0.transferID, account: $0.accountCode, table: $0.table,
                              journalSeq: $0.journalSeq, message: $0.message)
                  })
    }
}
