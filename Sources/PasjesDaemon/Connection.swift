import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PasjesProtocol

/// Serves one client: reads request lines, answers each, forwards its events.
///
/// Catches everything itself: a bad client gets errors or a closed connection, and the daemon
/// keeps serving everyone else.
struct Connection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let credentials: PeerCredentialsValue
    let dispatcher: Dispatcher
    let registry: ConnectionRegistry
    let logger: Logger

    func run() async {
        let raw = channel.channel
        guard registry.add(raw, limit: dispatcher.configuration.maxConnections) else {
            let error = RPCError.unavailable("too many connections (\(dispatcher.configuration.maxConnections))")
            try? await channel.executeThenClose { _, outbound in
                try await outbound.write(Self.line(RPCResponseEnvelope(id: nil, error: error)))
            }
            logger.warning("connection refused: limit reached", metadata: ["limit": "\(dispatcher.configuration.maxConnections)"])
            return
        }
        defer { registry.remove(raw) }
        let session = Session()
        do {
            try await channel.executeThenClose { inbound, outbound in
                let peer = PeerCredentials.peer(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid,
                                                configuration: dispatcher.configuration)
                var logger = self.logger
                logger[metadataKey: "uid"] = "\(peer.uid)"
                logger.debug("connected", metadata: ["user": "\(peer.user)", "role": "\(peer.role.rawValue)"])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    defer { group.cancelAll() }
                    do {
                        for try await line in inbound {
                            guard registry.begin(raw) else { break }
                            let reply = await respond(to: line, peer: peer, session: session)
                            if let reply { try await outbound.write(reply) }
                            if let events = session.takeUnstartedStream() {
                                group.addTask {
                                    for await event in events { try await outbound.write(event) }
                                }
                            }
                            if registry.end(raw) { break }
                        }
                    } catch is LineFrameDecoder.LineTooLong {
                        let error = RPCError.invalidRequest("line longer than \(dispatcher.configuration.maxLineBytes) bytes")
                        try? await outbound.write(Self.line(RPCResponseEnvelope(id: nil, error: error)))
                        logger.warning("closing connection: line too long")
                    }
                }
            }
        } catch {
            // The client went away or sent something the framing refused; nothing to answer.
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
        if let id = session.subscriptionID { dispatcher.hub.unsubscribe(id) }
    }

    /// One reply line, or nil for a notification (a request without id).
    func respond(to line: ByteBuffer, peer: Peer, session: Session) async -> ByteBuffer? {
        let bytes = Data(line.readableBytesView)
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return Self.line(RPCResponseEnvelope(id: nil, error: .parseError("line is not valid UTF-8")))
        }
        let envelope: RPCRequestEnvelope
        do {
            guard case .object(let fields) = try JSONDecoder().decode(JSONValue.self, from: bytes) else {
                return Self.line(RPCResponseEnvelope(id: nil, error: .invalidRequest("a request is a JSON object")))
            }
            do {
                envelope = try JSONDecoder().decode(RPCRequestEnvelope.self, from: bytes)
            } catch {
                let id = try? JSONDecoder().decode(RPCID.self, from: JSONEncoder().encode(fields["id"] ?? .null))
                return Self.line(RPCResponseEnvelope(id: id, error: .invalidRequest("needs jsonrpc, method and an id")))
            }
        } catch {
            return Self.line(RPCResponseEnvelope(id: nil, error: .parseError("not JSON")))
        }
        guard envelope.jsonrpc == "2.0" else {
            return Self.line(RPCResponseEnvelope(id: envelope.id, error: .invalidRequest("jsonrpc must be \"2.0\"")))
        }
        guard let method = Method(rawValue: envelope.method) else {
            return envelope.id.map { Self.line(RPCResponseEnvelope(id: $0, error: .methodNotFound(envelope.method))) }
        }
        do {
            let result = try await withTimeout(milliseconds: dispatcher.configuration.requestTimeoutMilliseconds) {
                try await dispatcher.handle(method, params: envelope.params, peer: peer, session: session)
            }
            guard let id = envelope.id else { return nil }
            return Self.resultLine(id: id, result: result)
        } catch let error as RPCError {
            return envelope.id.map { Self.line(RPCResponseEnvelope(id: $0, error: error)) }
        } catch {
            logger.error("request failed", metadata: ["method": "\(method.rawValue)", "error": "\(error)"])
            return envelope.id.map { Self.line(RPCResponseEnvelope(id: $0, error: .internalError("\(type(of: error))"))) }
        }
    }

    /// Answers "unavailable" when a request takes longer than the limit. A booking that is still
    /// running then completes or not on its own; the caller retries with the same idempotency
    /// key and hears the one result.
    private func withTimeout(milliseconds: Int, _ body: @escaping @Sendable () async throws -> Data) async throws -> Data {
        // Unstructured on purpose: a structured group would wait for a stuck ledger call anyway.
        let logger = self.logger
        return try await withCheckedThrowingContinuation { continuation in
            let answered = NIOLockedValueBox(false)
            let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
            @Sendable func answer(_ result: Result<Data, any Error>) {
                let first = answered.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                guard first else { return }
                timer.withLockedValue { $0?.cancel() }
                continuation.resume(with: result)
            }
            timer.withLockedValue { slot in
                slot = Task {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    guard !Task.isCancelled else { return }
                    logger.error("request timed out", metadata: ["ms": "\(milliseconds)"])
                    answer(.failure(RPCError.unavailable("no answer within \(milliseconds) ms; retry with the same idempotencyKey")))
                }
            }
            Task {
                do { answer(.success(try await body())) } catch { answer(.failure(error)) }
            }
        }
    }

    static func line(_ response: RPCResponseEnvelope) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var buffer = ByteBuffer(bytes: (try? encoder.encode(response)) ?? Data(#"{"jsonrpc":"2.0","id":null}"#.utf8))
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    /// Builds the response around already-encoded result JSON, without decoding it again.
    static func resultLine(id: RPCID, result: Data) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(#"{"jsonrpc":"2.0","id":"#)
        buffer.writeBytes((try? JSONEncoder().encode(id)) ?? Data("null".utf8))
        buffer.writeString(#","result":"#)
        buffer.writeBytes(result)
        buffer.writeString("}\n")
        return buffer
    }
}
