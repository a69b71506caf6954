import Foundation
import PasjesMoney
@testable import PasjesDaemon
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Integers from the wire never stop pasjesd: each is checked at the edge against its field,
/// declared on its route (`Route.integers`).
@Suite struct WireIntegerTests {
    /// ±2^63 (and one past), 2^53, around zero, and numbers that are no Int64 at all.
    static let extremes = ["-9223372036854775808", "9223372036854775807", "9223372036854775806", "-9007199254740992",
                           "9007199254740992", "-1", "0", "1", "1e30", "18446744073709551616", "-18446744073709551617",
                           "0.5"]

    /// Params of every method that pass everything but the field under test. `KEY` becomes a
    /// fresh idempotency key, `SESSION` and `DAY` an open session of the demo's desk and its day.
    /// A method missing here fails `everyRouteSurvivesExtremeIntegersInEveryIntegerField`.
    static let samples: [Method: String] = [
        .systemInfo: "{}",
        .clientCreate: #"{"idempotencyKey":"KEY","number":"7001","name":"Nieuw","zzp":"VV5","location":"","department":"","ownContributionCap":0}"#,
        .clientGet: #"{"number":"1001"}"#,
        .clientList: #"{"limit":10}"#,
        .clientUpdate: #"{"number":"1001","ownContributionCap":5000}"#,
        .importBegin: #"{"kind":"clients"}"#,
        .importRows: #"{"importId":"onbekend","clients":[{"line":2,"number":"7002","name":"Nieuw","zzp":"VV5","location":"","department":"","ownContributionCap":0}],"cards":[{"line":3,"uid":"04AABBCC","clientNumber":"1001"}]}"#,
        .importCheck: #"{"importId":"onbekend","offset":0}"#,
        .importCommit: #"{"importId":"onbekend","idempotencyKey":"KEY"}"#,
        .cardLink: #"{"idempotencyKey":"KEY","uid":"04AABBCC","clientNumber":"1001","extra":true}"#,
        .cardBlock: #"{"uid":"04AABBCC","state":"blocked"}"#,
        .cardReplace: #"{"idempotencyKey":"KEY","oldUid":"04AABBCC","newUid":"04AABBCD"}"#,
        .cardGet: #"{"uid":"04A22B1C"}"#,
        .cardList: #"{"clientNumber":"1001"}"#,
        .cardIssue: #"{"idempotencyKey":"KEY","clientNumber":"1001"}"#,
        .productCreate: #"{"code":"NIEUW","name":"Nieuw","price":100,"category":"facilitair","attributable":true,"influenceable":true}"#,
        .productUpdate: #"{"code":"KOF","price":120}"#,
        .productList: "{}",
        .counterCreate: #"{"id":"bar","name":"Bar","categories":["facilitair"]}"#,
        .counterList: "{}",
        .counterSetLocation: #"{"id":"restaurant","location":"EHV-NOORD"}"#,
        .budgetAllocate: #"{"idempotencyKey":"KEY","clientNumber":"1001","month":"2026-11","amount":100}"#,
        .budgetAllocateAll: #"{"idempotencyKey":"KEY","month":"2026-11","dryRun":true}"#,
        .budgetReverse: #"{"idempotencyKey":"KEY","clientNumber":"1001","month":"2026-11","reason":"test"}"#,
        .budgetForm: #"{"clientNumber":"1001","month":"2026-11"}"#,
        .clientContact: #"{"idempotencyKey":"KEY","clientNumber":"1001","role":"mentor","name":"Anna","email":"anna@example.nl"}"#,
        .clientAbsence: #"{"idempotencyKey":"KEY","clientNumber":"1001","from":"2026-11-02","through":"2026-11-03","reason":"hospital"}"#,
        .clientAbsences: #"{"clientNumber":"1001"}"#,
        .arrangementAdd: #"{"idempotencyKey":"KEY","clientNumber":"1001","productCode":"KOF","quantity":1,"per":"week","from":"2026-11-01"}"#,
        .arrangementEnd: #"{"idempotencyKey":"KEY","id":"onbekend","through":"2026-11-30"}"#,
        .arrangementList: #"{"clientNumber":"1001"}"#,
        .budgetGrant: #"{"idempotencyKey":"KEY","clientNumber":"1001","amount":100,"reason":"test"}"#,
        .budgetGrantReverse: #"{"idempotencyKey":"KEY","transferId":"onbekend","reason":"test"}"#,
        .budgetSolidarity: "{}",
        .saleCharge: #"{"idempotencyKey":"KEY","counter":"restaurant","clientNumber":"1001","reason":"test","items":[{"product":"KOF","quantity":1}]}"#,
        .saleReverse: #"{"idempotencyKey":"KEY","saleId":"onbekend"}"#,
        .saleRisks: #"{"month":"2026-11","open":true}"#,
        .saleSettleRisk: #"{"idempotencyKey":"KEY","saleId":"onbekend","settlement":"organisation"}"#,
        .walletGet: #"{"number":"1001"}"#,
        .walletHistory: #"{"clientNumber":"1001","limit":5}"#,
        .ledgerVerify: "{}",
        .ledgerBackup: #"{"dir":"/proc/pasjes-geen-map"}"#,
        .centralSeed: #"{"url":"postgres:///pasjes?host=/proc/pasjes-geen-map"}"#,
        .centralSnapshot: #"{"path":"/proc/pasjes-geen-map/kopie.sqlite"}"#,
        .centralVerify: "{}",
        .monthClose: #"{"idempotencyKey":"KEY","month":"2020-01"}"#,
        .monthReport: #"{"month":"2026-11","clientOffset":0,"clientLimit":10}"#,
        .monthExport: #"{"month":"2026-11","kind":"sales","offset":0}"#,
        .monthStatement: #"{"month":"2026-11","clientNumber":"1001"}"#,
        .subscribe: #"{"topics":["sale.completed"]}"#,
        .activityCreate: #"{"code":"NIEUW","name":"Nieuw","category":"dagbesteding","price":0,"capacity":5,"durationMinutes":60}"#,
        .activitySchedule: #"{"activity":"KOOR","day":"DAY","time":"23:59","capacity":5}"#,
        .activityList: "{}",
        .activitySessions: #"{"from":"DAY","to":"DAY","offset":0,"limit":10}"#,
        .activityBook: #"{"idempotencyKey":"KEY","session":"SESSION","clientNumber":"1001"}"#,
        .activityCancel: #"{"idempotencyKey":"KEY","session":"SESSION","clientNumber":"1001"}"#,
        .activityCheckIn: #"{"idempotencyKey":"KEY","session":"SESSION","clientNumber":"1001"}"#,
        .activityRoster: #"{"session":"SESSION"}"#,
        .activityClose: #"{"idempotencyKey":"KEY","session":"SESSION"}"#,
    ]

    /// `params` with the value at `path` (`*`: every array element) replaced by `value`.
    static func replacing(_ path: ArraySlice<String>, in params: JSONValue, with value: JSONValue) -> JSONValue {
        guard let key = path.first else { return value }
        switch params {
        case .array(let items) where key == "*":
            return .array(items.map { replacing(path.dropFirst(), in: $0, with: value) })
        case .object(var members):
            members[key] = replacing(path.dropFirst(), in: members[key] ?? .object([:]), with: value)
            return .object(members)
        default:
            return params
        }
    }

    /// One request line: `sample` with `literal` written at `path`, as raw JSON.
    static func line(id: Int, method: Method, sample: String, path: String, literal: String) throws -> String {
        let params = try JSONDecoder().decode(JSONValue.self, from: Data(sample.utf8))
        let marked = replacing(ArraySlice(path.split(separator: ".").map(String.init)), in: params,
                               with: .string("@VALUE@"))
        let text = String(decoding: try JSONEncoder().encode(marked), as: UTF8.self)
            .replacingOccurrences(of: #""@VALUE@""#, with: literal)
        return #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method.rawValue)","params":\#(text)}"#
    }

    /// Reads lines until the answer to `id` (events of a subscription come in between).
    static func answer(_ socket: LineSocket, id: Int) throws -> [String: JSONValue] {
        while let line = try socket.readLine() {
            guard case .object(let reply) = try JSONDecoder().decode(JSONValue.self, from: Data(line)) else { continue }
            if reply["id"] == .integer(Int64(id)) { return reply }
        }
        throw TestError("connection closed before the answer to \(id)")
    }

    /// The error object of a reply, if it is one.
    static func error(_ reply: [String: JSONValue]) -> (code: Int64, reason: String, message: String)? {
        guard case .object(let error)? = reply["error"], case .integer(let code)? = error["code"],
              case .string(let message)? = error["message"] else { return nil }
        guard case .object(let data)? = error["data"], case .string(let reason)? = data["reason"] else {
            return (code, "", message)
        }
        return (code, reason, message)
    }

    @Test func aClientOffsetNearInt64MaxIsRefusedAndPasjesdKeepsServing() throws {
        let daemon = try DaemonProcess()
        let socket = try LineSocket(path: daemon.socketPath)
        socket.setReadTimeout(milliseconds: 15_000)
        try socket.writeLine(Array(#"""
            {"jsonrpc":"2.0","id":1,"method":"month.report","params":{"month":"2026-11","clientOffset":9223372036854775800}}
            """#.utf8))
        let refused = try #require(Self.error(try Self.answer(socket, id: 1)))
        #expect(refused.reason == "invalid_params")
        #expect(refused.message.contains("clientOffset"), "the refusal names the field: \(refused.message)")
        #expect(try daemon.client().call("system.info", NoParams(), as: SystemInfo.self).role == "admin")
        #expect(daemon.process?.isRunning == true)
    }

    @Test func everyRouteSurvivesExtremeIntegersInEveryIntegerField() throws {
        let daemon = try DaemonProcess()
        let admin = try daemon.client()
        let session = try ActivityMethodTests.activityWithSession(admin)
        let day = try admin.call("activity.roster", ActivitySessionParams(session: session), as: RosterResult.self).session.day
        var id = 0
        for method in Method.allCases {
            guard let sample = Self.samples[method], let route = Dispatcher.routes[method] else {
                Issue.record("\(method.rawValue): no sample params here (give its route its integer fields, then a sample)")
                continue
            }
            let params = sample.replacingOccurrences(of: "SESSION", with: session).replacingOccurrences(of: "DAY", with: day)
            // A fresh connection per method: `subscribe` turns its connection into an event stream.
            let socket = try LineSocket(path: daemon.socketPath)
            socket.setReadTimeout(milliseconds: 15_000)
            // The route's integer fields, and one it does not have: a number there is refused too.
            let undeclared = WireInteger("onbekend", "", 0...0)
            for field in route.integers + [undeclared] {
                for literal in Self.extremes {
                    id += 1
                    let line = try Self.line(id: id, method: method,
                                             sample: params.replacingOccurrences(of: "KEY", with: UUID().uuidString),
                                             path: field.path, literal: literal)
                    try socket.writeLine(Array(line.utf8))
                    let reply = try Self.answer(socket, id: id)
                    let refusal = Self.error(reply)
                    #expect(reply["result"] != nil || refusal != nil, "\(line): \(reply)")
                    if field.path == undeclared.path || Int64(literal) == nil {
                        #expect(refusal?.code == -32602, "\(line): \(reply)")
                    } else if let value = Int64(literal), !field.range.contains(value) {
                        #expect(refusal?.reason == field.reason.code, "\(line): \(reply)")
                        #expect(refusal?.message.contains(field.path) == true, "\(line): \(reply)")
                    }
                    // And pasjesd is still there for the next request.
                    id += 1
                    try socket.writeLine(Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"system.info"}"#.utf8))
                    #expect(try Self.answer(socket, id: id)["result"] != nil)
                }
            }
        }
        #expect(daemon.process?.isRunning == true)
        #expect(try daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }

    /// The integer fields of a value, by dotted path (`*` for array elements), found by reflection.
    static func integerPaths(_ value: Any, prefix: String = "") -> Set<String> {
        let integers: Set<String> = ["Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64",
                                     "Amount"]
        var name = String(describing: type(of: value))
        if name.hasPrefix("Optional<") { name = String(name.dropFirst("Optional<".count).dropLast()) }
        if integers.contains(name) { return [prefix] }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { integerPaths($0.value, prefix: prefix) } ?? []
        case .collection:
            return mirror.children.reduce(into: []) { $0.formUnion(integerPaths($1.value, prefix: prefix + ".*")) }
        case .struct, .class:
            return mirror.children.reduce(into: []) { paths, child in
                guard let label = child.label else { return }
                paths.formUnion(integerPaths(child.value, prefix: prefix.isEmpty ? label : "\(prefix).\(label)"))
            }
        default:
            return []
        }
    }

    @Test func everyRouteDeclaresExactlyTheIntegerFieldsOfItsParams() throws {
        for method in Method.allCases {
            guard let sample = Self.samples[method], let route = Dispatcher.routes[method] else {
                Issue.record("\(method.rawValue): no sample params here")
                continue
            }
            let json = sample.replacingOccurrences(of: "SESSION", with: "S").replacingOccurrences(of: "DAY", with: "2026-11-20")
            let params = try JSONDecoder().decode(route.params, from: Data(json.utf8))
            #expect(Self.integerPaths(params) == Set(route.integers.map(\.path)), "\(method.rawValue)")
        }
    }
}
