import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// An organisation set up from the README: a migrated log, nodes with credential files, and a
/// head office seeded from the demo home's embedded ledger, running as a node.
struct CentralSite {
    let fixture: CentralFixture
    let folder: URL
    let headOffice: DaemonProcess
    var adminURL: String { fixture.server.adminURL }

    /// Adds `nodes` (the head office `hq` among them), seeds the log from a demo pasjesd and
    /// restarts that one as the head office (`headOfficeConfig` added to its config file).
    /// With `prepare`, the seed is the ledger `prepare` makes at the path it is given instead
    /// (its pasjesd does not sweep before the seed).
    static func make(nodes: [String], headOfficeConfig: String = "", tcp: Bool = false,
                     prepare: ((String) throws -> Void)? = nil) async throws -> CentralSite? {
        guard let fixture = try await CentralFixture.make(tcp: tcp) else { return nil }
        let folder = try TestSupport.temporaryFolder("central-site")
        for name in ["hq"] + nodes {
            let added = try TestSupport.pasjes(["central", "node", "add", name, "--url", fixture.server.adminURL,
                                                "--credentials-file", folder.appendingPathComponent("\(name).central").path],
                                               socket: "/nonexistent")
            guard added.status == 0 else { throw TestError("node add \(name): \(added.all)") }
        }
        let embedded: DaemonProcess
        if let prepare {
            let ledgerFolder = try TestSupport.temporaryFolder("central-seed")
            try prepare(ledgerFolder.appendingPathComponent("ledger.sqlite").path)
            embedded = try DaemonProcess(folder: ledgerFolder, demo: false, config: "[activities]\nsweep_seconds = 0\n")
        } else {
            embedded = try DaemonProcess(demo: true)
        }
        let seeded = try TestSupport.pasjes(["central", "seed", "--url", fixture.server.adminURL], socket: embedded.socketPath)
        guard seeded.status == 0 else { throw TestError("seed: \(seeded.all)") }
        return try CentralSite(fixture: fixture, folder: folder, headOffice: embedded, extra: headOfficeConfig)
    }

    private init(fixture: CentralFixture, folder: URL, headOffice: DaemonProcess, extra: String) throws {
        self.fixture = fixture
        self.folder = folder
        // The demo pasjesd's folder, restarted with [central] as the head office.
        headOffice.stop()
        self.headOffice = try DaemonProcess(folder: headOffice.folder, demo: false,
                                            config: Self.config(node: "hq", folder: folder, url: fixture.server.nodeURL,
                                                                headOffice: true) + "\n" + extra)
        do {
            try Self.waitUntilOnline(self.headOffice)
        } catch {
            // No site comes back to stop it: a failed start must not leave a pasjesd behind.
            self.headOffice.stop()
            throw error
        }
    }

    /// The `[central]` section of `node`'s config file.
    static func config(node: String, folder: URL, url: String, headOffice: Bool = false, deadlineMilliseconds: Int = 5_000) -> String {
        """
        [central]
        url = "\(url)"
        node = "\(node)"
        credentials_file = "\(folder.appendingPathComponent("\(node).central").path)"
        deadline_ms = \(deadlineMilliseconds)
        head_office = \(headOffice)
        """
    }

    /// A location's config (through `url` when given, e.g. a proxy's; with `offline` limits
    /// when given).
    func config(_ node: String, deadlineMilliseconds: Int = 5_000, url: String? = nil, offline: String? = nil) -> String {
        Self.config(node: node, folder: folder, url: url ?? fixture.server.nodeURL, deadlineMilliseconds: deadlineMilliseconds)
            + (offline.map { "\n[offline]\n" + $0 + "\n" } ?? "")
    }

    /// The limits the offline tests use unless they say otherwise (minor units, hours).
    static let offlineLimits = "max_sale = 1500\nmax_card_day = 2500\nmax_total = 50000\nmax_age_hours = 24"

    /// The node's sync state, from `system.info`.
    static func sync(_ node: DaemonProcess) throws -> SyncInfo? {
        try node.client().call("system.info", NoParams(), as: SystemInfo.self).central?.sync
    }

    /// Waits until the node is online with an empty outbox.
    static func waitUntilDrained(_ node: DaemonProcess, timeoutSeconds: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var last: SyncInfo?
        while Date() < deadline {
            last = try sync(node)
            if last?.state == "online", last?.queuedCount == 0 { return }
            usleep(50_000)
        }
        throw TestError("the node's outbox did not drain: \(String(describing: last))\n\(node.log.suffix(3000))")
    }

    /// Waits until the node says it is offline.
    static func waitUntilOffline(_ node: DaemonProcess, timeoutSeconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if try sync(node)?.state == "offline" { return }
            usleep(50_000)
        }
        throw TestError("node never went offline: \(node.log.suffix(3000))")
    }

    /// Stops everything and removes the folders.
    func stop() {
        headOffice.stop()
        fixture.server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The log's head position, read with psql.
    func logHead() async throws -> Int64 {
        Int64(try await fixture.server.psql("SELECT global_seq FROM pasjes.log_head").output
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// How many entries of the log carry `key`.
    func entries(withKey key: String) async throws -> Int {
        Int(try await fixture.server.psql("SELECT count(*) FROM pasjes.entries WHERE idempotency_key = '\(key)'").output
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Waits until `system.info` says the node has caught up and takes writes.
    static func waitUntilOnline(_ node: DaemonProcess, timeoutSeconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if try node.client().call("system.info", NoParams(), as: SystemInfo.self).central?.state == "online" { return }
            usleep(50_000)
        }
        throw TestError("node never came online: \(node.log)")
    }

    /// Waits until the node has applied the log up to `position`.
    static func waitUntilApplied(_ node: DaemonProcess, _ position: Int64, timeoutSeconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if try node.client().call("system.info", NoParams(), as: SystemInfo.self).central?.appliedSeq ?? 0 >= position { return }
            usleep(50_000)
        }
        throw TestError("node did not apply the log up to \(position): \(node.log)")
    }
}
