import Foundation
import PasjesMoney
import PasjesProtocol

/// One connection to pasjesd as the commands use it: typed calls, errors mapped to exit statuses.
final class Daemon {
    let socketPath: String
    let json: Bool
    private let client: RPCClient
    private var cachedUnit: AmountUnit?
    private var cachedToday: String?

    init(socketPath: String, json: Bool) throws {
        self.socketPath = socketPath
        self.json = json
        do {
            client = try RPCClient(socketPath: socketPath)
        } catch {
            throw CLIFailure.unreachable(socketPath, error)
        }
    }

    deinit { client.close() }

    /// Calls `method`; returns the decoded result and the raw JSON (for `--json`).
    func callWithRaw<Params: Encodable & Sendable, Result: Decodable>(
        _ method: Method, _ params: Params, as: Result.Type = Result.self
    ) throws -> (Result, JSONValue) {
        let raw: JSONValue
        do {
            raw = try client.callRaw(method.rawValue, params)
        } catch let error as ConnectionError {
            throw CLIFailure.unreachable(socketPath, error)
        } catch let refusal as RPCError {
            // The detail of this refusal holds amounts: learn the unit so they read `€ 3,00`.
            if RefusalText.amountReasons.contains(refusal.reason) { _ = try? unit() }
            throw refusal
        }
        do {
            let decoded = try JSONDecoder().decode(Result.self, from: JSONEncoder().encode(raw))
            return (decoded, raw)
        } catch {
            throw CLIFailure(.refused, "Onverwacht antwoord van pasjesd op \(method.rawValue): \(error)")
        }
    }

    /// Calls `method` and returns the decoded result.
    func call<Params: Encodable & Sendable, Result: Decodable>(
        _ method: Method, _ params: Params, as: Result.Type = Result.self
    ) throws -> Result {
        try callWithRaw(method, params, as: Result.self).0
    }

    /// Every page of a paged method joined into the first: `params` asks for the page at an
    /// offset (nil for the first), `next` is where a page says the following one starts, `join`
    /// adds a page's lists to the whole. The whole has no `next`.
    func allPages<Params: Encodable & Sendable, Page: Decodable>(
        _ method: Method, as: Page.Type = Page.self, next: WritableKeyPath<Page, Int?>, params: (Int?) -> Params,
        join: (inout Page, Page) -> Void
    ) throws -> Page {
        var whole = try call(method, params(nil), as: Page.self)
        var offset = whole[keyPath: next]
        while let at = offset {
            let page = try call(method, params(at), as: Page.self)
            join(&whole, page)
            offset = page[keyPath: next]
            // Every page moves on: a daemon repeating a page would keep us here for ever.
            if let following = offset, following <= at {
                throw CLIFailure(.refused, "Onverwacht antwoord van pasjesd op \(method.rawValue): pagina \(following) na \(at).")
            }
        }
        whole[keyPath: next] = nil
        return whole
    }

    /// Calls `method`, then prints the raw JSON with `--json` or `human(result)` otherwise.
    func run<Params: Encodable & Sendable, Result: Decodable>(
        _ method: Method, _ params: Params, as: Result.Type = Result.self, human: (Result) throws -> String
    ) throws {
        let (result, raw): (Result, JSONValue)
        do {
            (result, raw) = try callWithRaw(method, params, as: Result.self)
        } catch let refusal as RPCError {
            // Only here, where the refusal ends the command: an import that expects unknown
            // clients calls `call` and asks for no lists.
            throw NearMiss.suggesting(refusal, daemon: self)
        }
        if json {
            Output.printJSON(raw)
        } else {
            Output.print(try human(result))
        }
    }

    /// The organisation's unit of payment, from `system.info` (asked once per run).
    func unit() throws -> AmountUnit {
        if let cachedUnit { return cachedUnit }
        let info = try call(.systemInfo, NoParams(), as: SystemInfo.self)
        // Only a peer without a role hears no unit; every command that needs one needs a role.
        guard let unit = info.unit else {
            throw RPCError.forbidden("gebruiker \(info.peerUser) heeft geen rol in pasjes (groepen: zie pasjesd.toml)")
        }
        cachedUnit = unit
        RefusalText.knownUnit.withLock { $0 = unit }
        return unit
    }

    /// pasjesd's day (`2026-11-24`, Europe/Amsterdam): the default "today" and "this month" of
    /// every command, so a terminal with another date or time zone works on pasjesd's month.
    func today() throws -> String {
        if let cachedToday { return cachedToday }
        let info = try call(.systemInfo, NoParams(), as: SystemInfo.self)
        // An older pasjesd does not say; then the terminal's day is the best there is.
        let today = info.today ?? Formatting.currentDay()
        cachedToday = today
        return today
    }

    /// pasjesd's month, `2026-11`.
    func currentMonth() throws -> String { String(try today().prefix(7)) }

    /// `text` parsed as an amount in the organisation's unit, or a usage failure.
    func amount(_ text: String, option: String) throws -> Amount {
        try AmountText.parse(text, unit: unit(), option: option)
    }
}
