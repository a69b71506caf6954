import PasjesMoney
import Testing

@Suite struct AmountTests {
    @Test(arguments: [
        (Int64(120), "€ 1,20"), (123_450, "€ 1.234,50"), (0, "€ 0,00"), (5, "€ 0,05"),
        (-300, "-€ 3,00"), (100_000_000, "€ 1.000.000,00"),
        (Int64.min, "-€ 92.233.720.368.547.758,08"),
    ])
    func formatsEuros(minor: Int64, expected: String) {
        #expect(Amount(minor).formatted(.cents) == expected)
    }

    @Test func formatsMinutesAndPoints() {
        #expect(Amount(15).formatted(.minutes) == "15 min")
        #expect(Amount(1_500).formatted(.minutes) == "1.500 min")
        #expect(Amount(1).formatted(.points) == "1 punt")
        #expect(Amount(3).formatted(.points) == "3 punten")
        #expect(Amount(0).formatted(.points) == "0 punten")
    }

    @Test func overflowIsAnErrorNotAWrap() throws {
        #expect(throws: AmountOverflow.self) { try Amount(Int64.max).adding(Amount(1)) }
        #expect(throws: AmountOverflow.self) { try Amount(Int64.min).subtracting(Amount(1)) }
        #expect(throws: AmountOverflow.self) { try Amount(Int64.max / 2 + 1).multiplied(by: 2) }
        #expect(throws: AmountOverflow.self) { try [Amount(Int64.max), Amount(1)].checkedSum() }
        #expect(try Amount(Int64.max - 1).adding(Amount(1)) == Amount(Int64.max))
    }

    @Test func shareRoundsDown() throws {
        #expect(try Amount(1_000).share(basisPoints: 1_250) == Amount(125))
        #expect(try Amount(999).share(basisPoints: 1_000) == Amount(99))
    }

    @Test func trafficLightBoundaries() {
        #expect(TrafficLight(balance: Amount(101), reserve: Amount(100)) == .green)
        #expect(TrafficLight(balance: Amount(100), reserve: Amount(100)) == .orange)
        #expect(TrafficLight(balance: Amount(1), reserve: Amount(100)) == .orange)
        #expect(TrafficLight(balance: Amount(0), reserve: Amount(100)) == .red)
        #expect(TrafficLight(balance: Amount(-5), reserve: Amount(0)) == .red)
        #expect(TrafficLight(balance: Amount(1), reserve: Amount(0)) == .green)
    }
}
