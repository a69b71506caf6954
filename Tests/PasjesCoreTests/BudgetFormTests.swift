@testable import PasjesCore
import PasjesMoney
import Testing

/// The budget form's arithmetic and light as a plain function.
@Suite struct BudgetFormTests {
    private let tariff = Tariff(dayTariff: Amount(25_063), personalShareBasisPoints: 4_000,
                                contributions: ["receptie": Amount(500), "nachtzorg": Amount(1_200)])
    private let december = Month(year: 2026, month: 12)

    @Test func theFormAddsUpTopToBottom() throws {
        let form = try BudgetFormRules.lines(tariff: tariff, zzp: "VV5", month: december, allocated: nil,
                                             reserveBasisPoints: 1_000, arrangement: [])
        #expect(form.lines.first?.amount == Amount(25_063 * 31))
        #expect(form.lines.map(\.label).contains("Vaste bijdrage nachtzorg"))
        let expected = try tariff.monthlyAllocation(for: december)
        #expect(form.monthly == expected)
        let reserve = try form.monthly.share(basisPoints: 1_000)
        #expect(form.left == form.monthly && form.reserve == reserve)
        #expect(form.light == .green)
    }

    @Test(arguments: [(Int64(0), TrafficLight.green), (270_000, .orange), (400_000, .red)])
    func theLightFollowsTheArrangement(arrangement: Int64, light: TrafficLight) throws {
        let form = try BudgetFormRules.lines(tariff: tariff, zzp: "VV5", month: december, allocated: Amount(300_000),
                                             reserveBasisPoints: 1_000,
                                             arrangement: [.init(label: "Vaste dienst", amount: Amount(arrangement), subtotal: false)])
        #expect(form.arrangement == Amount(arrangement))
        #expect(form.light == light, "\(form.left) left, reserve \(form.reserve)")
    }

    @Test func percentagesAreWrittenTheDutchWay() {
        #expect(BudgetFormRules.percent(4_000) == "40 %")
        #expect(BudgetFormRules.percent(6_250) == "62,5 %")
        #expect(BudgetFormRules.percent(1_005) == "10,05 %")
    }
}
