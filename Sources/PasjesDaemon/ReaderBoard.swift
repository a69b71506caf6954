import NIOConcurrencyHelpers
import PasjesProtocol

/// What the daemon knows about card readers right now, for `system.info`.
final class ReaderBoard: Sendable {
    private struct State {
        var serviceUp = false
        var readers: [String: Bool] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let feedbackSink = NIOLockedValueBox<(@Sendable (String, Bool) -> Void)?>(nil)

    /// Where LED and beep requests go (the reader monitor), once it runs.
    func installFeedback(_ sink: @escaping @Sendable (String, Bool) -> Void) {
        feedbackSink.withLockedValue { $0 = sink }
    }

    /// Green and a short beep for a paid sale, red and a long beep for a decline.
    func feedback(reader: String, success: Bool) {
        feedbackSink.withLockedValue { $0 }?(reader, success)
    }

    func setService(up: Bool) {
        state.withLockedValue { state in
            state.serviceUp = up
            if !up { for name in state.readers.keys { state.readers[name] = false } }
        }
    }

    func setReader(_ name: String, present: Bool) {
        state.withLockedValue { $0.readers[name] = present }
    }

    var serviceUp: Bool { state.withLockedValue { $0.serviceUp } }

    func readers(configuration: DaemonConfiguration) -> [ReaderInfo] {
        state.withLockedValue { state in
            state.readers.keys.sorted().map { name in
                ReaderInfo(name: name, state: state.readers[name] == true ? .present : .absent,
                           counter: configuration.counter(forReader: name))
            }
        }
    }
}
