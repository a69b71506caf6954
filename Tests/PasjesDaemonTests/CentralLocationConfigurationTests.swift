import Foundation
import PasjesCore
@testable import PasjesDaemon
import Testing

/// `[central] location`: the location a node serves, validated like a counter's location code,
/// and which sessions its sweep closes.
@Suite struct CentralLocationConfigurationTests {
    private static func central(_ extra: String) -> String {
        """
        [central]
        url = "postgres://db.example/pasjes"
        node = "loca"
        credentials_file = "/etc/pasjes/loca.central"
        \(extra)
        """
    }

    @Test func aLocationIsReadUpperCasedAndNamesTheSweep() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(toml: Self.central("location = \"ehv-noord\""))
        #expect(configuration.central?.location == "EHV-NOORD")
        #expect(configuration.central?.sweepScope == .location("EHV-NOORD"))

        var headOffice = DaemonConfiguration()
        try headOffice.apply(toml: Self.central("head_office = true"))
        #expect(headOffice.central?.location == nil)
        #expect(headOffice.central?.sweepScope == .headOffice(location: nil))
        #expect(DaemonConfiguration().central == nil, "embedded: no [central], the sweep takes every session")
    }

    @Test(arguments: ["location = \"\"", "location = \"EHV NOORD\"", "location = \"EHV:NOORD\"",
                      "location = \"ABCDEFGHIJKLMNOPQ\""])
    func aBadLocationIsRefusedNamingTheKey(line: String) throws {
        var configuration = DaemonConfiguration()
        #expect {
            try configuration.apply(toml: Self.central(line))
        } throws: { error in
            "\(error)".contains("[central] location")
        }
    }

    @Test func onlyRulesNamedInTheFileCanDisagreeWithTheLog() throws {
        var none = DaemonConfiguration()
        try none.apply(toml: "[activities]\nsweep_seconds = 30")
        #expect(!none.activityRulesInFile)
        var named = DaemonConfiguration()
        try named.apply(toml: "[activities]\nlate_policy = \"charge\"")
        #expect(named.activityRulesInFile)
    }
}
