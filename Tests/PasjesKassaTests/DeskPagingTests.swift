import Foundation
import PasjesKassa
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 19, finding 3: with long names in 4-byte characters the roster (228 KB) and the day's
/// sessions did not fit one line; the desk showed "Geen activiteiten vandaag" while reconnecting.
/// The desk's own state machine and wire code, talking to a real pasjesd, assemble every page.
@Suite struct DeskPagingTests {
    @Test func theDeskAssemblesEveryPageOfTheWorstCaseDay() throws {
        let folder = try TestSupport.temporaryFolder("desk")
        try WorstCaseLedger.make(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        defer { daemon.stop() }
        let socket = try LineSocket(path: daemon.socketPath)
        socket.setReadTimeout(milliseconds: 30_000)
        // 06:00 in Amsterdam on the day: every session is still to come, the first is selected.
        let morning = try Date("\(WorstCaseLedger.day)T05:00:00Z", strategy: .iso8601)
        var state = DeskState(counterID: "dagbesteding", now: morning, keys: .sequence(next: 1))
        var pending = reduceDesk(&state, .connection(.up))
        var kinds: [RPCID: RequestKind] = [:]
        var id: Int64 = 0
        var requests = 0
        while !pending.isEmpty, requests < 200 {
            let command = pending.removeFirst()
            id += 1
            guard let (kind, line) = KassaWire.encode(command, id: id) else { continue }
            kinds[.number(id)] = kind
            requests += 1
            try socket.writeLine(line)
            while let reply = try socket.readLine() {
                guard let event = KassaWire.decode(reply, kindFor: { kinds.removeValue(forKey: $0) }) else { continue }
                guard case .reply = event else { continue }
                pending += reduceDesk(&state, event)
                break
            }
        }
        #expect(state.sessions.count == WorstCaseLedger.sessions, "every session of the day: \(state.sessions.count)")
        #expect(state.sessions.first?.id == WorstCaseLedger.bigSession)
        #expect(state.roster?.entries.count == WorstCaseLedger.clients, "the whole roster: \(state.roster?.entries.count ?? -1)")
        #expect(!state.status.contains { $0.text.contains("Geen activiteiten") }, "\(state.status)")
    }
}
