import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

/// What the cashier's screen knows of a node's link with the organisation's log: `system.info`'s
/// `central.sync` at (re)connect, then `sync.changed`. An embedded pasjesd has none.
@Suite("Sync state")
struct KassaSyncStateTests {
    typealias Offline = KassaOfflineTests

    @Test func systemInfoOfANodeGivesItsSyncState() {
        var state = Fixture.connectedState()
        let offline = Offline.sync("offline")
        _ = state.send(.reply(.systemInfo(.success(Offline.nodeInfo(offline, state: "offline")))))
        #expect(state.sync == offline)
    }

    @Test func aNodeWithoutSyncInItsInfoIsTakenFromTheCentralState() {
        var state = Fixture.connectedState()
        _ = state.send(.reply(.systemInfo(.success(Offline.nodeInfo(nil, state: "catching_up")))))
        #expect(state.sync?.state == "catching_up")
        #expect(state.sync?.queuedCount == 0)
    }

    @Test func anEmbeddedPasjesdHasNoSyncState() {
        var state = Fixture.connectedState()
        _ = state.send(.reply(.systemInfo(.success(Offline.nodeInfo(Offline.sync("online", queued: 0, amount: 0))))))
        #expect(state.sync != nil)
        // The same pasjesd without [central] (a restart with another config): nothing any more.
        _ = state.send(.reply(.systemInfo(.success(Fixture.systemInfo(readerPresent: true)))))
        #expect(state.sync == nil)
    }

    @Test func syncChangedReplacesTheState() {
        var state = Fixture.connectedState()
        _ = state.send(.reply(.systemInfo(.success(Offline.nodeInfo(Offline.sync("online", queued: 0, amount: 0))))))
        let offline = Offline.sync("offline", queued: 1, amount: 120)
        #expect(state.send(.syncChanged(offline)) == [])
        #expect(state.sync == offline)
        let draining = Offline.sync("online", queued: 3, amount: 360)
        _ = state.send(.syncChanged(draining))
        #expect(state.sync == draining)
    }

    @Test func theKassaSubscribesToSyncChangedAndForgetsTheStateWhenDisconnected() {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Offline.sync("offline")))
        _ = state.send(.connection(.down(reason: "weg")))
        #expect(state.sync == nil, "not connected: pasjesd's link with the log is not known")
        let commands = state.send(.connection(.up))
        #expect(commands.contains(.subscribe(topics: [.cardTapped, .readerChanged, .saleCompleted, .saleReversed,
                                                      .syncChanged], counter: Fixture.counter)))
        #expect(commands.contains(.loadSystemInfo), "the state comes back with system.info")
    }

    @Test func syncChangedIsDecodedFromTheWire() throws {
        let line = #"{"jsonrpc":"2.0","method":"sync.changed","params":{"node":"LOCA","state":"offline","offlineSince":"2026-11-18T10:02:00Z","queuedCount":12,"queuedAmount":1840,"oldestAgeSeconds":600,"totalLeft":8160,"limits":{"maxSale":1000,"maxCardDay":2500,"maxTotal":10000,"maxAgeHours":24}}}"#
        guard case .syncChanged(let sync)? = KassaWire.decode(Array(line.utf8), kindFor: { _ in nil }) else {
            Issue.record("not a sync.changed"); return
        }
        #expect(sync == Offline.sync("offline"))
        let info = #"{"jsonrpc":"2.0","id":3,"result":{"version":"0.1","peerUid":1000,"peerUser":"kassa","role":"cashier","central":{"node":"LOCA","headOffice":false,"state":"offline","appliedSeq":40,"logHeadSeq":40,"lagEntries":0,"sync":{"node":"LOCA","state":"offline","offlineSince":"2026-11-18T10:02:00Z","queuedCount":12,"queuedAmount":1840,"oldestAgeSeconds":600,"totalLeft":8160,"limits":{"maxSale":1000,"maxCardDay":2500,"maxTotal":10000,"maxAgeHours":24}}}}}"#
        guard case .reply(.systemInfo(.success(let system)))? = KassaWire.decode(Array(info.utf8), kindFor: { _ in .systemInfo }) else {
            Issue.record("no system.info"); return
        }
        var state = Fixture.connectedState()
        _ = state.send(.reply(.systemInfo(.success(system))))
        #expect(state.sync == Offline.sync("offline"))
    }
}
