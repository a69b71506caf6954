import Foundation
import PasjesMoney
import PasjesProtocol

/// Human-readable, Dutch renderings of the daemon's records.
enum Formatting {
    static func clientStatus(_ status: ClientStatus) -> String {
        switch status {
        case .active: "actief"
        case .absent: "afwezig"
        case .ended: "beëindigd"
        }
    }

    static func cardState(_ state: CardState) -> String { cardState(state.rawValue) }

    /// A card's state, or what a tap says of a card the ledger does not know (`unknown`, `unreadable`).
    static func cardState(_ state: String) -> String {
        switch state {
        case "active": "actief"
        case "blocked": "geblokkeerd"
        case "lost": "verloren"
        case "unknown": "onbekend"
        case "unreadable": "onleesbaar"
        default: state
        }
    }

    static func client(_ client: ClientInfo, unit: AmountUnit) -> String {
        var fields = Fields()
        fields.add("Cliëntnummer", client.number)
        fields.add("Naam", client.name)
        fields.add("ZZP", client.zzp)
        fields.add("Locatie", client.location)
        fields.add("Afdeling", client.department)
        fields.add("Status", clientStatus(client.status))
        fields.add("Eigen bijdrage", YesNo.word(client.allowOwnContribution))
        fields.add("Plafond eigen bijdrage", client.ownContributionCap.formatted(unit))
        return fields.render()
    }

    static func clientTable(_ clients: [ClientInfo], unit: AmountUnit) -> String {
        var table = Table([
            .init("Nummer"), .init("Naam"), .init("ZZP"), .init("Locatie"), .init("Afdeling"),
            .init("Status"), .init("Eigen bijdrage"), .init("Plafond", .right),
        ])
        for client in clients {
            table.add([client.number, client.name, client.zzp, client.location, client.department,
                       clientStatus(client.status), YesNo.word(client.allowOwnContribution),
                       client.ownContributionCap.formatted(unit)])
        }
        guard !clients.isEmpty else { return "Geen cliënten gevonden." }
        return table.render() + "\n\(clients.count) cliënt\(clients.count == 1 ? "" : "en")"
    }

    static func card(_ card: CardInfo) -> String {
        var fields = Fields()
        fields.add("Pas", card.uid)
        fields.add("Cliëntnummer", card.clientNumber)
        fields.add("Status", cardState(card.state))
        if let replacedBy = card.replacedBy { fields.add("Vervangen door", replacedBy) }
        return fields.render()
    }

    static func cardDetail(_ detail: CardDetail) -> String {
        var fields = Fields()
        fields.add("Pas", detail.card.uid)
        fields.add("Status", cardState(detail.card.state))
        if let replacedBy = detail.card.replacedBy { fields.add("Vervangen door", replacedBy) }
        fields.add("Cliënt", "\(detail.client.number) \(detail.client.name)")
        fields.add("Locatie", "\(detail.client.location), \(detail.client.department)")
        fields.add("Status cliënt", clientStatus(detail.client.status))
        return fields.render()
    }

    static func light(_ light: TrafficLight) -> String { light.dutchWord }

    static func wallet(_ wallet: WalletInfo) -> String {
        let unit = wallet.unit
        var fields = Fields()
        fields.add("Cliënt", "\(wallet.clientNumber) \(wallet.clientName)")
        fields.add("Maand", wallet.month)
        fields.add("Saldo", "\(wallet.balance.formatted(unit))  \(light(wallet.light))")
        if let held = wallet.held, held.minorUnits > 0 {
            fields.add("Vastgehouden", "\(held.formatted(unit)) voor geboekte activiteiten")
        }
        fields.add("Reserve", wallet.reserve.formatted(unit))
        fields.add("Toegekend deze maand", wallet.allocatedThisMonth.formatted(unit))
        // Money for a month that has not started is shown, but apart: it is not spendable yet.
        if let announced = wallet.announced, let month = wallet.announcedMonth {
            fields.add("Aangekondigd", "\(announced.formatted(unit)) voor \(month) (nog niet te besteden)")
        }
        fields.add("Besteed deze maand", wallet.spentThisMonth.formatted(unit))
        fields.add("Eigen bijdrage deze maand", "\(wallet.ownSpentThisMonth.formatted(unit)) van \(wallet.ownContributionCap.formatted(unit))")
        return fields.render()
    }

    static func sale(_ sale: SaleResult) -> String {
        let unit = sale.unit
        var fields = Fields()
        fields.add("Verkoop", sale.saleId + (sale.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : ""))
        fields.add("Cliënt", "\(sale.clientNumber) \(sale.clientName)")
        fields.add("Kassa", sale.counter)
        if let card = sale.cardUid { fields.add("Pas", card) }
        fields.add("Totaal", sale.total.formatted(unit))
        fields.add("Uit budget", sale.fromWallet.formatted(unit))
        if sale.fromOwn.minorUnits != 0 { fields.add("Eigen bijdrage", sale.fromOwn.formatted(unit)) }
        fields.add("Nieuw saldo", "\(sale.balance.formatted(unit))  \(light(sale.light))")
        fields.add("Medewerker", sale.operatorName)
        fields.add("Tijd", localTime(sale.at))
        return fields.render()
    }

    static func reversal(_ reversal: ReversalResult) -> String {
        let unit = reversal.unit
        var fields = Fields()
        fields.add("Verkoop", reversal.saleId)
        fields.add("Terugboeking", reversal.reversalId + (reversal.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : ""))
        fields.add("Cliënt", reversal.clientNumber)
        fields.add("Terug naar budget", reversal.refundedToWallet.formatted(unit))
        if reversal.refundedToOwn.minorUnits != 0 { fields.add("Terug eigen bijdrage", reversal.refundedToOwn.formatted(unit)) }
        fields.add("Nieuw saldo", "\(reversal.balance.formatted(unit))  \(light(reversal.light))")
        return fields.render()
    }

    static func allocation(_ allocation: AllocationInfo) -> String {
        let unit = allocation.unit
        var fields = Fields()
        fields.add("Cliënt", allocation.clientNumber + (allocation.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : ""))
        fields.add("Maand", allocation.month)
        fields.add("Toegekend", allocation.amount.formatted(unit))
        fields.add("Reserve", allocation.reserve.formatted(unit))
        if allocation.flowedBack.minorUnits != 0 { fields.add("Teruggevloeid", allocation.flowedBack.formatted(unit)) }
        fields.add("Saldo", "\(allocation.balance.formatted(unit))  \(light(allocation.light))")
        return fields.render()
    }

    static func product(_ product: ProductInfo, unit: AmountUnit) -> String {
        var fields = Fields()
        fields.add("Code", product.code)
        fields.add("Naam", product.name)
        fields.add("Prijs", product.price.formatted(unit))
        fields.add("Categorie", product.category.rawValue)
        fields.add("Toerekenbaar", YesNo.word(product.attributable))
        fields.add("Beïnvloedbaar", YesNo.word(product.influenceable))
        fields.add("Actief", YesNo.word(product.active))
        return fields.render()
    }

    static func productTable(_ products: [ProductInfo], unit: AmountUnit) -> String {
        var table = Table([
            .init("Code"), .init("Naam"), .init("Prijs", .right), .init("Categorie"),
            .init("Toerekenbaar"), .init("Beïnvloedbaar"), .init("Actief"),
        ])
        for product in products {
            table.add([product.code, product.name, product.price.formatted(unit), product.category.rawValue,
                       YesNo.word(product.attributable), YesNo.word(product.influenceable), YesNo.word(product.active)])
        }
        return table.render(ifEmpty: "Geen producten gevonden.")
    }

    static func counterTable(_ counters: [CounterInfo]) -> String {
        var table = Table([.init("Kassa"), .init("Naam"), .init("Locatie"), .init("Categorieën")])
        for counter in counters {
            table.add([counter.id, counter.name, counter.location ?? "", counter.categories.joined(separator: ", ")])
        }
        return table.render(ifEmpty: "Geen kassa's gevonden.")
    }

    static func historyKind(_ kind: String) -> String {
        switch kind {
        case "allocation": "toekenning"
        case "charge": "aankoop"
        case "charge_own": "aankoop (eigen)"
        case "flow_back": "terugvloeiing"
        case "reversal": "terugboeking"
        default: kind
        }
    }

    /// The statement; the sale id is shown whole because `sale reverse` needs it.
    static func history(_ history: HistoryResult) -> String {
        guard !history.lines.isEmpty else { return "Geen boekingen gevonden." }
        var table = Table([
            .init("Tijd"), .init("Soort"), .init("Rekening"), .init("Bedrag", .right), .init("Kassa"),
            .init("Medewerker"), .init("Omschrijving"), .init("Reden"), .init("Verkoop"),
        ])
        for line in history.lines {
            table.add([localTime(line.at), historyKind(line.kind), line.account == "own" ? "eigen" : "budget",
                       line.amount.formatted(history.unit), line.counter ?? "", line.operatorName, line.memo,
                       line.reason ?? "", line.saleId ?? ""])
        }
        return table.render()
    }

    static func systemInfo(_ info: SystemInfo) -> String {
        var fields = Fields()
        fields.add("Versie", info.version)
        if let unit = info.unit { fields.add("Eenheid", AmountText.unitName(unit)) }
        if let database = info.database { fields.add("Database", database) }
        if let uptime = info.uptimeSeconds { fields.add("Draait", duration(uptime)) }
        fields.add("U bent", "\(info.peerUser) (uid \(info.peerUid)), rol \(info.role)")
        if let counters = info.counters {
            fields.add("Kassa's", counters.isEmpty ? "geen" : counters.joined(separator: ", "))
        }
        if let line = readerServiceLine(info) { fields.add("Kaartlezerdienst", line) }
        if let line = storageLine(info) { fields.add("Vrije schijfruimte", line) }
        if let central = info.central { fields.add("Centrale", centralLine(central)) }
        var text = fields.render()
        if let readers = info.readers, !readers.isEmpty {
            var table = Table([.init("Lezer"), .init("Status"), .init("Kassa")])
            for reader in readers {
                table.add([reader.name, reader.state == .present ? "aanwezig" : "afwezig", reader.counter ?? ""])
            }
            text += "\n\n" + table.render()
        }
        return text
    }

    /// A node's place in the organisation's log, in one line.
    static func centralLine(_ central: CentralInfo) -> String {
        let state = switch central.state {
        case "online": "bij"
        case "catching_up": "haalt in (boekt nog niet)"
        case "log_fork": "GESTOPT: het logboek sluit niet aan (log_fork)"
        case "offline": "OFFLINE" + (central.sync?.offlineSince.map { " sinds \(localTime($0))" } ?? "")
            + (central.sync?.limits == nil ? " (geen [offline]: verkoopt niet)" : " (verkoopt binnen de offline-limieten)")
        default: central.state
        }
        let contact = central.lastContact.map { ", laatste contact \(localTime($0))" } ?? ", nog geen contact"
        var line = "knooppunt \(central.node)\(central.headOffice ? " (hoofdkantoor)" : ""), \(state); "
            + "toegepast \(central.appliedSeq) van \(central.logHeadSeq), achterstand \(central.lagEntries)\(contact)"
        if let sync = central.sync, sync.queuedCount > 0 || sync.state == "offline" {
            line += "; wachtrij \(sync.queuedCount) (\(sync.queuedAmount) centen"
                + (sync.oldestAgeSeconds.map { ", oudste \($0 / 60) min" } ?? "")
                + (sync.totalLeft.map { ", nog \($0) centen offline" } ?? "") + ")"
        }
        return line
    }

    /// Switched off (`--no-readers`) is not a fault; unreachable pcscd is. A daemon from before
    /// `readersEnabled` cannot tell the two apart and is read as it was: reachable or not.
    static func readerServiceLine(_ info: SystemInfo) -> String? {
        if info.readersEnabled == false { return "uitgeschakeld (pasjesd draait zonder kaartlezers)" }
        return info.readerService.map { $0 ? "bereikbaar" : "NIET bereikbaar" }
    }

    static func duration(_ seconds: Int64) -> String {
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        if days > 0 { return "\(days) d \(hours) u \(minutes) min" }
        if hours > 0 { return "\(hours) u \(minutes) min" }
        return "\(minutes) min \(seconds % 60) s"
    }

    /// An ISO 8601 UTC timestamp as `dd-MM-yyyy HH:mm:ss` in Europe/Amsterdam; unparsable text as is.
    static func localTime(_ iso: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var date = parser.date(from: iso)
        if date == nil {
            parser.formatOptions = [.withInternetDateTime]
            date = parser.date(from: iso)
        }
        guard let date else { return iso }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "nl_NL")
        formatter.timeZone = TimeZone(identifier: "Europe/Amsterdam")
        formatter.dateFormat = "dd-MM-yyyy HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The terminal's day in Europe/Amsterdam, `YYYY-MM-DD`: only when pasjesd does not say its own.
    static func currentDay(now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// True for `YYYY-MM` with a month 01–12.
    static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let month = Int(parts[1]) else { return false }
        return (1...12).contains(month)
    }
}
