import Foundation
import PasjesModel
import PasjesMoney
import PasjesProtocol

/// One line of the status area.
public struct StatusLine: Equatable, Sendable {
    /// The text.
    public var text: String
    /// How it looks.
    public var style: CellStyle

    /// A status line.
    public init(_ text: String, _ style: CellStyle = .normal) {
        self.text = text
        self.style = style
    }
}

extension KassaLayout {
    /// The status area's lines for `state`, most important first.
    public static func statusLines(_ state: KassaState) -> [StatusLine] {
        let unit = state.unit
        let toPay = state.basket.total.map { "Te betalen: \($0.formatted(unit))" } ?? ""
        switch state.status {
        case .welcome:
            return [StatusLine(DutchMessages.welcome), StatusLine(DutchMessages.welcomeBalance, .dim)]
        case .tapPrompt:
            var lines = [StatusLine(">> \(DutchMessages.tapPrompt) <<", .prompt), StatusLine(toPay, .title)]
            if case .present = state.reader {} else {
                lines.append(StatusLine("Let op: \(readerText(state.reader).text)", .bad))
            }
            return lines
        case .charging:
            var first = DutchMessages.charging
            if case .charging(let pending) = state.phase, let name = pending.clientName {
                first += " " + name
            }
            return [StatusLine(first, .warning), StatusLine(toPay)]
        case .chargeInterrupted:
            return [StatusLine(DutchMessages.chargeInterrupted, .bad),
                    StatusLine(DutchMessages.chargeRetry, .warning),
                    StatusLine(DutchMessages.doNotTapAgain, .warning)]
        case .paid(let sale):
            return [StatusLine("\(DutchMessages.paid)  \(sale.clientName) (\(sale.clientNumber))", .good),
                    StatusLine("Bedrag \(sale.total.formatted(sale.unit))   uit budget \(sale.fromWallet.formatted(sale.unit))"
                               + "   eigen bijdrage \(sale.fromOwn.formatted(sale.unit))"),
                    balanceLine(sale.balance, light: sale.light, unit: sale.unit)]
        case .declined(let reason, let message):
            // A full disk is not the basket's fault: say that selling goes on once there is room.
            let next = reason == Reason.storageFull.code ? DutchMessages.storageFullRetry : DutchMessages.basketKept
            return refusalLines(DutchMessages.notPaid, reason: reason, message: message) + [StatusLine(next)]
        case .balance(let tap):
            return tapBalanceLines(tap, unit: unit)
        case .cardRefused(let tap):
            let sentence = DutchMessages.sentence(forReason: tap.reason ?? "card_\(tap.cardState)", message: tap.message)
            var lines = [StatusLine("PAS GEWEIGERD: \(sentence)", .bad)]
            if let name = tap.clientName { lines.append(StatusLine("\(name) (\(tap.clientNumber ?? "?"))")) }
            if !state.basket.isEmpty { lines.append(StatusLine(DutchMessages.basketKept)) }
            return lines
        case .confirmUndo:
            guard case .confirmUndo(let sale) = state.phase else { return [] }
            return [StatusLine("Laatste verkoop terugdraaien?", .warning),
                    StatusLine("\(sale.clientName) (\(sale.clientNumber))   \(sale.total.formatted(sale.unit))"
                               + "   om \(saleTime(sale.at, timeZone: state.config.timeZone))"),
                    StatusLine("j = ja, terugdraaien   n = nee", .warning)]
        case .reversing:
            return [StatusLine(DutchMessages.reversing, .warning)]
        case .reversed(let reversal, let name):
            return [StatusLine("\(DutchMessages.reversed)  \(name) (\(reversal.clientNumber))", .good),
                    StatusLine("Terug naar budget \(reversal.refundedToWallet.formatted(reversal.unit))"
                               + "   terug eigen bijdrage \(reversal.refundedToOwn.formatted(reversal.unit))"),
                    balanceLine(reversal.balance, light: reversal.light, unit: reversal.unit)]
        case .reverseRefused(let reason, let message):
            return refusalLines(DutchMessages.notReversed, reason: reason, message: message)
        case .confirmQuit:
            return [StatusLine(DutchMessages.confirmQuit, .warning)]
        case .notice(let text):
            return [StatusLine(text)]
        case .problem(let text):
            return [StatusLine(text, .bad)]
        }
    }

    /// A refusal in Dutch under `heading`, and the daemon's own words when they add something.
    private static func refusalLines(_ heading: String, reason: String, message: String?) -> [StatusLine] {
        var lines = [StatusLine("\(heading): \(DutchMessages.sentence(forReason: reason, message: message))", .bad)]
        if let message, !message.isEmpty, DutchMessages.sentence(forReason: reason) != nil,
           message != DutchMessages.sentence(forReason: reason) {
            lines.append(StatusLine("pasjesd: \(message)", .dim))
        }
        return lines
    }

    /// Who the tapped card belongs to, the balance with its light, and the reserve when there is one.
    private static func tapBalanceLines(_ tap: CardTappedEvent, unit: AmountUnit) -> [StatusLine] {
        let who = tap.clientName.map { "\($0) (\(tap.clientNumber ?? "?"))" } ?? (tap.clientNumber ?? tap.uid)
        var lines = [StatusLine("Saldo van \(who)", .title)]
        if let balance = tap.balance, let light = tap.light {
            lines.append(balanceLine(balance, light: light, unit: tap.unit ?? unit))
        } else {
            lines.append(StatusLine("Saldo onbekend.", .dim))
        }
        if let reserve = tap.reserve, reserve > .zero {
            lines.append(StatusLine("Gereserveerd voor onvoorziene zorg: \(reserve.formatted(tap.unit ?? unit))", .dim))
        }
        return lines
    }

    static func balanceLine(_ balance: Amount, light: TrafficLight, unit: AmountUnit) -> StatusLine {
        StatusLine("Saldo \(balance.formatted(unit))   [\(light.dutchWord)]", lightStyle(light))
    }

    static func lightStyle(_ light: TrafficLight) -> CellStyle {
        switch light {
        case .green: .good
        case .orange: .warning
        case .red: .bad
        }
    }

    /// "14:02" in `timeZone` from an ISO 8601 UTC timestamp; the raw text if it does not parse.
    static func saleTime(_ iso: String, timeZone: TimeZone) -> String {
        let parser = ISO8601DateFormatter()
        var date = parser.date(from: iso)
        if date == nil {
            parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = parser.date(from: iso)
        }
        guard let date else { return iso }
        return String(clockText(date, timeZone: timeZone).prefix(5))
    }
}
