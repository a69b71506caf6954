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
            // Sold offline: queued at this location, and the balance is the last one known here.
            let offline = sale.offline == true
            var lines = [StatusLine("\(DutchMessages.paid)  \(sale.clientName) (\(sale.clientNumber))", .good)]
            if offline { lines.append(StatusLine(DutchMessages.paidOffline, .warning)) }
            lines.append(StatusLine("Bedrag \(sale.total.formatted(sale.unit))   uit budget \(sale.fromWallet.formatted(sale.unit))"
                                    + "   eigen bijdrage \(sale.fromOwn.formatted(sale.unit))"))
            lines.append(balanceLine(sale.balance, light: sale.light, unit: sale.unit, lastKnown: offline))
            return lines
        case .declined(let reason, let message):
            // A full disk is not the basket's fault: say that selling goes on once there is room.
            // Neither is an unreachable head office.
            let next = switch reason {
            case Reason.storageFull.code: DutchMessages.storageFullRetry
            case "central_unavailable": DutchMessages.centralUnavailableRetry
            default: DutchMessages.basketKept
            }
            return refusalLines(DutchMessages.notPaid, reason: reason, message: message) + [StatusLine(next)]
        case .balance(let tap):
            // A node that is not online knows the balance as this location last saw it.
            return tapBalanceLines(tap, unit: unit, lastKnown: state.sync.map { $0.state != "online" } ?? false)
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
        let sentence = DutchMessages.sentence(forReason: reason, message: message)
        var lines = [StatusLine("\(heading): \(sentence)", .bad)]
        if let message, !message.isEmpty, message != sentence {
            lines.append(StatusLine("pasjesd: \(message)", .dim))
        }
        return lines
    }

    /// Who the tapped card belongs to, the balance with its light, and the reserve when there is one.
    private static func tapBalanceLines(_ tap: CardTappedEvent, unit: AmountUnit, lastKnown: Bool) -> [StatusLine] {
        let who = tap.clientName.map { "\($0) (\(tap.clientNumber ?? "?"))" } ?? (tap.clientNumber ?? tap.uid)
        var lines = [StatusLine("Saldo van \(who)", .title)]
        if let balance = tap.balance, let light = tap.light {
            lines.append(balanceLine(balance, light: light, unit: tap.unit ?? unit, lastKnown: lastKnown))
        } else {
            lines.append(StatusLine("Saldo onbekend.", .dim))
        }
        if let reserve = tap.reserve, reserve > .zero {
            lines.append(StatusLine("Gereserveerd voor onvoorziene zorg: \(reserve.formatted(tap.unit ?? unit))", .dim))
        }
        return lines
    }

    /// `lastKnown`: the balance as this location last knew it (a node that sells offline).
    static func balanceLine(_ balance: Amount, light: TrafficLight, unit: AmountUnit, lastKnown: Bool = false) -> StatusLine {
        let label = lastKnown ? DutchMessages.lastKnownBalance : "Saldo"
        return StatusLine("\(label) \(balance.formatted(unit))   [\(light.dutchWord)]", lightStyle(light))
    }

    /// A node's link with the organisation's log, for the line above the status area: OFFLINE
    /// with since when and the queue, ONLINE (with the queue while it drains), HAALT IN, or
    /// GESTOPT. Nil for an embedded pasjesd, whose screen stays as it always was.
    public static func syncLine(_ state: KassaState) -> StatusLine? {
        guard let sync = state.sync else { return nil }
        let queue = "\(sync.queuedCount) in wachtrij"
        switch sync.state {
        case "offline":
            var parts = ["OFFLINE" + (sync.offlineSince.map { " sinds " + since($0, now: state.now, timeZone: state.config.timeZone) } ?? "")]
            // Without [offline] limits a node sells nothing offline: say so before a tap does.
            if sync.limits == nil { parts.append("verkopen niet mogelijk") }
            if sync.limits != nil || sync.queuedCount > 0 {
                parts += [queue, Amount(sync.queuedAmount).formatted(state.unit)]
            }
            return StatusLine(parts.joined(separator: " · "), .alert)
        case "online":
            return StatusLine(sync.queuedCount > 0 ? "ONLINE · \(queue)" : "ONLINE", .good)
        case "catching_up":
            return StatusLine(sync.queuedCount > 0 ? "HAALT IN · \(queue)" : "HAALT IN", .warning)
        case "log_fork":
            return StatusLine("GESTOPT: logboek sluit niet aan · waarschuw de beheerder", .alert)
        default:
            return StatusLine(sync.state.uppercased(), .warning)
        }
    }

    /// "14:02" on the day of `now`, else "17-11 23:50", in `timeZone`; the raw text if it does not parse.
    static func since(_ iso: String, now: Date, timeZone: TimeZone) -> String {
        guard let date = parseISO(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let time = String(clockText(date, timeZone: timeZone).prefix(5))
        if calendar.isDate(date, inSameDayAs: now) { return time }
        let day = calendar.dateComponents([.day, .month], from: date)
        return String(format: "%02d-%02d ", day.day ?? 0, day.month ?? 0) + time
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
        guard let date = parseISO(iso) else { return iso }
        return String(clockText(date, timeZone: timeZone).prefix(5))
    }

    /// An ISO 8601 timestamp with or without fractional seconds.
    static func parseISO(_ iso: String) -> Date? {
        let parser = ISO8601DateFormatter()
        if let date = parser.date(from: iso) { return date }
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return parser.date(from: iso)
    }
}
