import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Test users and groups made for one test, removed afterwards. Names are unique per run so
/// tests can run side by side.
final class TestAccounts: @unchecked Sendable {
    let suffix = String(UUID().uuidString.lowercased().prefix(6))
    var groups: [String] = []
    var users: [String] = []

    func group(_ label: String) throws -> String {
        let name = "pjt\(label)\(suffix)"
        let result = try Shell.run(["groupadd", name])
        guard result.status == 0 else { throw TestError("groupadd \(name): \(result.output)") }
        groups.append(name)
        return name
    }

    /// A user whose primary group is `primary` and who is also in `extra`.
    func user(_ label: String, primary: String, extra: [String]) throws -> String {
        let name = "pju\(label)\(suffix)"
        var arguments = ["useradd", "-M", "-N", "-g", primary, "-s", "/usr/sbin/nologin"]
        if !extra.isEmpty { arguments += ["-G", extra.joined(separator: ",")] }
        let result = try Shell.run(arguments + [name])
        guard result.status == 0 else { throw TestError("useradd \(name): \(result.output)") }
        users.append(name)
        return name
    }

    /// pasjesd's TOML for these groups: the socket's, one per role, and who works which counter.
    static func config(socket: String, cashier: String, activities: String, admin: String,
                       counterAccess: KeyValuePairs<String, String>) -> String {
        let roles = """
            socket_group = "\(socket)"
            [roles]
            cashier = ["\(cashier)"]
            activities = ["\(activities)"]
            admin = ["\(admin)"]
            [counter_access]

            """
        return roles + counterAccess.map { "\($0.key) = [\"\($0.value)\"]\n" }.joined()
    }

    func uid(_ user: String) throws -> String {
        try Shell.run(["id", "-u", user]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        for user in users { _ = try? Shell.run(["userdel", user]) }
        for group in groups { _ = try? Shell.run(["groupdel", group]) }
    }
}

@Suite(.enabled(if: getuid() == 0, "creates Unix users: needs root (CI runs as root)"))
struct RoleTests {
    /// Sends one request as `user` (their uid, gid and groups) with socat and returns the reply.
    private func ask(_ daemon: DaemonProcess, as user: String, _ json: String) throws -> String {
        let script = "echo '\(json)' | setpriv --reuid=\(user) --regid=$(id -g \(user)) --init-groups socat - UNIX-CONNECT:\(daemon.socketPath)"
        let result = try Shell.run(["/bin/sh", "-c", script])
        guard result.status == 0 else { throw TestError("socat as \(user) failed: \(result.output)") }
        return result.output
    }

    @Test func rolesComeFromUnixGroups() throws {
        let accounts = TestAccounts()
        let socketGroup = try accounts.group("s")
        let kassa = try accounts.group("k")
        let activities = try accounts.group("a")
        let admins = try accounts.group("b")
        let cashier = try accounts.user("k", primary: socketGroup, extra: [kassa])
        let worker = try accounts.user("a", primary: socketGroup, extra: [activities])
        let manager = try accounts.user("b", primary: socketGroup, extra: [admins])
        let visitor = try accounts.user("v", primary: socketGroup, extra: [])
        let stranger = try accounts.user("x", primary: kassa, extra: [])
        let daemon = try DaemonProcess(config: TestAccounts.config(
            socket: socketGroup, cashier: kassa, activities: activities, admin: admins,
            counterAccess: ["restaurant": kassa, "dagbesteding": activities]))
        let info = #"{"jsonrpc":"2.0","id":1,"method":"system.info"}"#
        #expect(try ask(daemon, as: cashier, info).contains(#""role":"cashier""#))
        #expect(try ask(daemon, as: worker, info).contains(#""role":"activities""#))
        #expect(try ask(daemon, as: manager, info).contains(#""role":"admin""#))
        let visitorInfo = try ask(daemon, as: visitor, info)
        #expect(visitorInfo.contains(#""role":"none""#))
        // Without a role only the version: no database path, no readers.
        #expect(!visitorInfo.contains("database") && !visitorInfo.contains("readers") && visitorInfo.contains("version"))

        let create = #"{"jsonrpc":"2.0","id":2,"method":"client.create","params":{"idempotencyKey":"x","number":"77","name":"X","zzp":"VV5","location":"","department":""}}"#
        let refused = try ask(daemon, as: cashier, create)
        #expect(refused.contains(#""reason":"forbidden""#))
        #expect(refused.contains("-32001"))
        #expect(try ask(daemon, as: manager, create).contains(#""number":"77""#))

        // A wallet by client number is for admins; cashiers see a wallet only through a tap.
        let wallet = #"{"jsonrpc":"2.0","id":3,"method":"wallet.get","params":{"number":"1001"}}"#
        #expect(try ask(daemon, as: manager, wallet).contains(#""balance""#))
        #expect(try ask(daemon, as: cashier, wallet).contains(#""reason":"forbidden""#))
        #expect(try ask(daemon, as: worker, wallet).contains(#""reason":"forbidden""#))
        #expect(try ask(daemon, as: visitor, wallet).contains(#""reason":"forbidden""#))

        // A cashier cannot charge a card that was not presented, nor by client number.
        let charge = #"{"jsonrpc":"2.0","id":4,"method":"sale.charge","params":{"idempotencyKey":"q","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"KOF","quantity":1}]}}"#
        #expect(try ask(daemon, as: cashier, charge).contains(#""reason":"tap_token_required""#))

        // Undoing someone else's sale is for admins.
        let sale = try daemon.client().call("sale.charge", SaleChargeParams(
            idempotencyKey: "adm", counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
            clientNumber: "1001", reason: "test"), as: SaleResult.self)
        let reverse = #"{"jsonrpc":"2.0","id":5,"method":"sale.reverse","params":{"idempotencyKey":"r","saleId":"\#(sale.saleId)"}}"#
        #expect(try ask(daemon, as: cashier, reverse).contains(#""reason":"not_your_sale""#))

        // Outside the socket's group the socket itself is closed to you (mode 0660).
        let outsider = try Shell.run(["/bin/sh", "-c",
            "echo '\(info)' | setpriv --reuid=\(stranger) --regid=$(id -g \(stranger)) --init-groups socat - UNIX-CONNECT:\(daemon.socketPath)"])
        #expect(outsider.status != 0)
        #expect(outsider.output.contains("Permission denied"))

        // Refusals are logged with the peer's uid, for the operator.
        #expect(daemon.log.contains("uid=\(try accounts.uid(cashier))"))
        #expect(daemon.log.contains("refused"))
    }
}
