import Foundation
@testable import PasjesDaemon
import PasjesTestSupport
import Testing

/// Bad configuration values stop pasjesd with a message (exit 78), never a crash or a guess.
@Suite struct ConfigurationTests {
    @Test(arguments: [
        ("[sales]\nreversal_grace_minutes = 9223372036854775807", "reversal_grace_minutes"),
        ("[sales]\nreversal_grace_minutes = -1", "reversal_grace_minutes"),
        ("[log]\nlevel = \"verbose\"", "log level"),
        ("[limits]\nmax_connections_per_uid = 0", "max_connections_per_uid"),
        ("[counter_access]\nrestaurant = []", "counter_access"),
        ("[solidarity]\npercent = 101", "solidarity.percent"),
        ("[solidarity]\nfixed = -5", "solidarity.fixed"),
        ("[storage]\nwarn_below_mb = -1", "[storage] warn_below_mb"),
        ("[storage]\ncheck_seconds = 0", "[storage] check_seconds"),
    ])
    func badValuesAreRefusedWithAMessage(toml: String, mentions: String) throws {
        var configuration = DaemonConfiguration()
        #expect {
            try configuration.apply(toml: toml)
        } throws: { error in
            "\(error)".contains(mentions)
        }
    }

    @Test func solidarityTakesWholeAndDecimalPercentages() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(toml: "[solidarity]\npercent = 2")
        #expect(configuration.solidarity?.basisPoints == 200)
        try configuration.apply(toml: "[solidarity]\npercent = 2.5\nfixed = 100")
        #expect(configuration.solidarity?.basisPoints == 250 && configuration.solidarity?.fixed.minorUnits == 100)
    }

    @Test func counterAccessIsReadAsWritten() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(toml: """
            [counter_access]
            restaurant = ["pasjes-restaurant"]
            dagbesteding = ["pasjes-dagbesteding", "pasjes-admin"]
            """)
        #expect(configuration.mayWork(counter: "restaurant", groups: ["pasjes-restaurant"]))
        #expect(!configuration.mayWork(counter: "restaurant", groups: ["pasjes-dagbesteding"]))
        #expect(!configuration.mayWork(counter: "balie", groups: ["pasjes-restaurant"]), "no entry: admins only")
    }

    @Test func theExampleConfigLoads() throws {
        let path = TestSupport.repositoryRoot().appendingPathComponent("systemd/pasjesd.toml.example").path
        let configuration = try DaemonConfiguration.load(path: path, required: true)
        #expect(configuration.counterAccess["restaurant"] == ["pasjes-restaurant"])
        #expect(configuration.exportAccounts.journal == "MEM" && configuration.exportAccounts.revenue == "8000")
        #expect(configuration.storageWarnBelowMegabytes == 200 && configuration.storageCheckSeconds == 60)
    }

    /// The overflowing value used to crash pasjesd (an arithmetic trap); now it is exit 78.
    @Test func pasjesdExits78OnABadValue() throws {
        let folder = try TestSupport.temporaryFolder("cfg")
        let config = folder.appendingPathComponent("pasjesd.toml").path
        try "[sales]\nreversal_grace_minutes = 9223372036854775807\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try Shell.run([TestSupport.binary("pasjesd"), "--config", config, "--no-readers",
                                    "--database", folder.appendingPathComponent("l.sqlite").path,
                                    "--socket", folder.appendingPathComponent("s.sock").path])
        #expect(result.status == 78)
        #expect(result.output.contains("reversal_grace_minutes"))
    }
}
