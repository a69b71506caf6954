import Foundation
import PasjesCore
import PasjesDaemon
import PasjesMoney
import PasjesTestSupport
import Testing

/// `[tariffs]` in pasjesd.toml: parsed into the ledger's table, refused when it could book nonsense.
@Suite struct TariffConfigurationTests {
    @Test func tariffsAreReadWithTheirContributions() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(toml: """
            [tariffs.VV5]
            day_tariff = 25063
            personal_share_percent = 40
            [tariffs.VV5.contributions]
            receptie = 500
            nachtzorg = 1200

            [tariffs.VV6]
            day_tariff = 24327
            personal_share_percent = 35
            """)
        let vv5 = try #require(configuration.tariffs?.tariffs["VV5"])
        #expect(vv5.dayTariff == Amount(25_063))
        #expect(vv5.personalShareBasisPoints == 4_000)
        #expect(vv5.contributions == ["receptie": Amount(500), "nachtzorg": Amount(1_200)])
        #expect(configuration.tariffs?.tariffs["VV6"]?.contributions == [:])
        #expect(try vv5.monthlyAllocation(for: Month(year: 2026, month: 12)) == Amount(25_063 * 31 * 40 / 100 - 1_700))
        #expect(DaemonConfiguration().tariffs == nil, "no [tariffs]: the database's own")
    }

    @Test(arguments: [
        ("[tariffs.VV5]\nday_tariff = 0\npersonal_share_percent = 40\n", "tariffs.VV5.day_tariff"),
        ("[tariffs.VV5]\nday_tariff = 25063\npersonal_share_percent = 140\n", "tariffs.VV5.personal_share_percent"),
        ("[tariffs.VV5]\nday_tariff = 25063\npersonal_share_percent = 40\n[tariffs.VV5.contributions]\nreceptie = -5\n",
         "tariffs.VV5.contributions.receptie"),
        ("[tariffs.VV1]\nday_tariff = 100\npersonal_share_percent = 10\n[tariffs.VV1.contributions]\nreceptie = 500\n",
         "contributions exceed"),
        ("[tariffs.VV5]\npersonal_share_percent = 40\n", "onleesbaar"),
    ])
    func nonsenseIsRefusedNamingTheKey(toml: String, expected: String) throws {
        var configuration = DaemonConfiguration()
        let error = #expect(throws: ConfigurationError.self) { try configuration.apply(toml: toml) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func theExampleConfigHasTariffsThatAllocate() throws {
        let path = TestSupport.repositoryRoot().appendingPathComponent("systemd/pasjesd.toml.example").path
        let tariffs = try #require(try DaemonConfiguration.load(path: path, required: true).tariffs)
        #expect(tariffs.codes == ["VV4", "VV5", "VV6", "VV7"])
        #expect(try tariffs.tariffs["VV5"]!.monthlyAllocation(for: Month(year: 2026, month: 11)) == Amount(299_056))
    }
}
