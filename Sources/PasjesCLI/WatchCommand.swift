import ArgumentParser
import Foundation
import PasjesMoney
import PasjesProtocol

/// `pasjes watch --topic sale.completed --counter restaurant`
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Toon gebeurtenissen (verkopen, taps, lezers) als regels tot Ctrl-C.",
        discussion: "Met --json komt elke melding als één JSON-regel (handig voor jq).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("topic"), help: ArgumentHelp(
        "Alleen deze soort (herhaal voor meer): \(EventTopic.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "soort"))
    var topics: [String] = []
    @Option(help: ArgumentHelp("Alleen gebeurtenissen van deze kassa.", valueName: "kassa")) var counter: String?

    func validate() throws {
        for topic in topics where EventTopic(rawValue: topic) == nil {
            throw ValidationError("--topic: \(EventTopic.allCases.map(\.rawValue).joined(separator: ", ")), niet '\(topic)'")
        }
    }

    func run() throws {
        let path = global.socketPath
        // RPCClient only hands over notifications while a call waits, so watch reads lines itself.
        let socket: LineSocket
        do { socket = try LineSocket(path: path) } catch { throw CLIFailure.unreachable(path, error) }
        socket.setReadTimeout(milliseconds: 0)
        let chosen = topics.isEmpty ? EventTopic.allCases : topics.compactMap(EventTopic.init(rawValue:))
        let request = RPCRequest(id: .number(1), method: Method.subscribe.rawValue,
                                 params: SubscribeParams(topics: chosen, counter: counter))
        do {
            try socket.writeLine(Array(try JSONEncoder().encode(request)))
            while let line = try socket.readLine() {
                guard let envelope = try? JSONDecoder().decode(JSONValue.self, from: Data(line)),
                      case .object(let fields) = envelope else { continue }
                if fields["method"] == nil {
                    // The answer to subscribe.
                    let response = try JSONDecoder().decode(RPCResponseEnvelope.self, from: Data(line))
                    if let error = response.error { throw error }
                    if !global.json {
                        Output.error("Luistert naar \(chosen.map(\.rawValue).joined(separator: ", "))\(counter.map { " van kassa \($0)" } ?? ""); stop met Ctrl-C.")
                    }
                    continue
                }
                if global.json {
                    Output.print(Output.jsonText(envelope, pretty: false))
                } else if case .string(let method)? = fields["method"] {
                    Output.print(EventLine.render(method: method, params: fields["params"] ?? .null, now: Date()))
                }
            }
        } catch let error as ConnectionError {
            throw CLIFailure.unreachable(path, error)
        }
        throw CLIFailure(.unreachable, "pasjesd sloot de verbinding op \(path)")
    }
}

/// One event as one human-readable line.
public enum EventLine {
    /// `HH:mm:ss  <what>  <details>` for a notification `method` with `params`.
    public static func render(method: String, params: JSONValue, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Amsterdam")
        formatter.dateFormat = "HH:mm:ss"
        let time = formatter.string(from: now)
        return DisplayWidth.sanitized("\(time)  \(describe(method: method, params: params))")
    }

    static func decode<Value: Decodable>(_ params: JSONValue, as: Value.Type) -> Value? {
        guard let data = try? JSONEncoder().encode(params) else { return nil }
        return try? JSONDecoder().decode(Value.self, from: data)
    }

    static func describe(method: String, params: JSONValue) -> String {
        switch EventTopic(rawValue: method) {
        case .saleCompleted?:
            if let sale = decode(params, as: SaleResult.self) {
                return "verkoop      \(sale.counter)  \(sale.clientNumber) \(sale.clientName)  \(sale.total.formatted(sale.unit))"
                    + "  saldo \(sale.balance.formatted(sale.unit)) \(sale.light.dutchWord)  \(sale.saleId)"
            }
        case .saleReversed?:
            if let reversal = decode(params, as: ReversalResult.self) {
                let back = (try? reversal.refundedToWallet.adding(reversal.refundedToOwn)) ?? reversal.refundedToWallet
                return "terugboeking  \(reversal.clientNumber)  \(back.formatted(reversal.unit)) terug"
                    + "  saldo \(reversal.balance.formatted(reversal.unit)) \(reversal.light.dutchWord)  \(reversal.saleId)"
            }
        case .cardTapped?:
            if let tap = decode(params, as: CardTappedEvent.self) {
                var text = "pas          \(tap.counter)  \(tap.uid)  \(Formatting.cardState(tap.cardState))"
                if let number = tap.clientNumber { text += "  \(number) \(tap.clientName ?? "")" }
                if let unit = tap.unit, let balance = tap.balance {
                    text += "  saldo \(balance.formatted(unit))\(tap.light.map { " \($0.dutchWord)" } ?? "")"
                }
                if let message = tap.message { text += "  \(message)\(tap.reason.map { " (\($0))" } ?? "")" }
                return text
            }
        case .cardSuspect?:
            if let suspect = decode(params, as: CardSuspectEvent.self) {
                return "verdacht     \(suspect.counter ?? "-")  \(suspect.uid)  \(suspect.message) (\(suspect.check))"
            }
        case .readerChanged?:
            if let reader = decode(params, as: ReaderChangedEvent.self) {
                let state = switch reader.state {
                case .present: "aanwezig"
                case .absent: "afwezig"
                case .serviceDown: "pcscd onbereikbaar"
                case .serviceUp: "pcscd weer bereikbaar"
                }
                return "lezer        \(reader.reader ?? "-")  \(state)\(reader.counter.map { "  kassa \($0)" } ?? "")"
            }
        case .activityChanged?:
            if let change = decode(params, as: ActivityChangedEvent.self) {
                let session = change.session
                return "activiteit   \(session.id)  \(change.change)  \(change.clientNumbers.prefix(5).joined(separator: " "))"
                    + "  \(session.booked) geboekt, \(session.waiting) wachtlijst, \(session.free) vrij"
            }
        case .syncChanged?:
            if let sync = decode(params, as: SyncInfo.self) {
                var text = "centrale     \(sync.node)  \(sync.state == "offline" ? "OFFLINE" : sync.state)"
                if let since = sync.offlineSince { text += " sinds \(since)" }
                return text + "  \(sync.queuedCount) in wachtrij (\(sync.queuedAmount) centen)"
            }
        case nil:
            break
        }
        return "\(method)  \(Output.jsonText(params, pretty: false))"
    }
}
