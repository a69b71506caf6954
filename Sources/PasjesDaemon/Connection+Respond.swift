import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PasjesModel
import PasjesProtocol

// One line in, one line out: single requests and batches, as JSON-RPC 2.0 section 4–6 and 7.
extension Connection {
    /// The reply line to one request line, or nil when nothing is to be answered (only
    /// notifications, or a blank line).
    func respond(to line: ByteBuffer, session: Session) async -> ByteBuffer? {
        let bytes = line.readableBytesView
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
            return nil
        }
        // Parsed from the line's own bytes: a copy into `Data` made each line near the limit cost
        // one more buffer while it was worked on.
        let parsed = line.withUnsafeReadableBytes { raw -> Result<JSONValue, RPCError> in
            // The standard library's check (a short-lived string): a byte-by-byte loop of our own
            // took a debug pasjesd more time than the JSON parse.
            guard String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil else {
                return .failure(.parseError("line is not valid UTF-8"))
            }
            guard let base = raw.baseAddress,
                  let json = try? JSONDecoder().decode(JSONValue.self, from: Data(
                    bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)) else {
                return .failure(.parseError("not JSON"))
            }
            return .success(json)
        }
        let json: JSONValue
        switch parsed {
        case .success(let value): json = value
        case .failure(let error): return Self.line(RPCResponseEnvelope(id: nil, error: error))
        }
        guard case .array(let requests) = json else {
            return await answer(json, session: session).map { Self.terminated($0) }
        }
        guard !requests.isEmpty else {
            return Self.line(RPCResponseEnvelope(id: nil, error: .invalidRequest("an empty batch")))
        }
        guard requests.count <= ProtocolLimits.maxBatchRequests else {
            return Self.line(RPCResponseEnvelope(
                id: nil, error: .invalidRequest("a batch holds at most \(ProtocolLimits.maxBatchRequests) requests")))
        }
        // One after the other: the order of a cashier's requests is the order they are booked.
        // The answers together must fit one line too: an answer that would not, with room kept
        // for a short error to each request still to come, is replaced by `reply_too_large`.
        var answers: [ByteBuffer] = []
        var used = 2
        for (index, request) in requests.enumerated() {
            if session.closeRequested { break }
            guard var answer = await answer(request, session: session) else { continue }
            let room = ProtocolLimits.maxLineBytes - used - (requests.count - index - 1) * Self.maxErrorBytes
            if answer.readableBytes + 1 > room {
                answer = Self.object(RPCResponseEnvelope(id: Self.id(of: request), error: .replyTooLarge(
                    "the answers of this batch do not fit one line; send this request on its own")))
            }
            used += answer.readableBytes + 1
            answers.append(answer)
        }
        guard !answers.isEmpty else { return nil }
        var reply = ByteBuffer(string: "[")
        for (index, var answer) in answers.enumerated() {
            if index > 0 { reply.writeString(",") }
            reply.writeBuffer(&answer)
        }
        reply.writeString("]\n")
        return reply
    }

    /// The response object (without newline) to one request, or nil for a notification.
    func answer(_ request: JSONValue, session: Session) async -> ByteBuffer? {
        guard case .object(let fields) = request else {
            return Self.object(RPCResponseEnvelope(id: nil, error: .invalidRequest("a request is a JSON object")))
        }
        // A request is a call when it has an id, even `"id": null` (section 4); without one it
        // is a notification and gets no answer, not even an error.
        let isCall = fields.keys.contains("id")
        let id: RPCID?
        switch fields["id"] {
        case .none, .null: id = nil
        case .integer(let number): id = .number(number)
        case .string(let text):
            guard let usable = Self.stringID(text) else {
                return Self.object(RPCResponseEnvelope(id: nil, error: .invalidRequest(
                    "a string id takes at most \(ProtocolLimits.maxIDBytes) bytes as JSON")))
            }
            id = usable
        default:
            return Self.object(RPCResponseEnvelope(id: nil, error: .invalidRequest("id is a string, an integer or null")))
        }
        guard case .string("2.0") = fields["jsonrpc"] else {
            return Self.object(RPCResponseEnvelope(id: id, error: .invalidRequest("jsonrpc must be \"2.0\"")))
        }
        guard case .string(let name) = fields["method"] else {
            return Self.object(RPCResponseEnvelope(id: id, error: .invalidRequest("method is a string")))
        }
        let params = fields["params"]
        switch params {
        case .none, .object, .array: break
        default: return Self.object(RPCResponseEnvelope(id: id, error: .invalidRequest("params is an object or an array")))
        }
        guard let method = Method(rawValue: name) else {
            return isCall ? Self.object(RPCResponseEnvelope(id: id, error: .methodNotFound(name))) : nil
        }
        do {
            if Dispatcher.isWrite(method) {
                await recheck(session, raw: channel.channel, logger: logger)
                dispatcher.clockWatch.check(logger: logger)
            }
            let result = try await withTimeout(milliseconds: dispatcher.timeoutMilliseconds(method)) {
                try await dispatcher.handle(method, params: params, session: session)
            }
            if Dispatcher.isWrite(method) { dispatcher.storage.noteWriteSucceeded(logger: logger) }
            guard isCall else { return nil }
            let answer = Self.resultObject(id: id, result: result)
            // Paged methods fit by construction; this keeps any other reply from breaking the client.
            guard answer.readableBytes < ProtocolLimits.maxLineBytes else {
                logger.error("reply too large", metadata: ["method": "\(method.rawValue)", "bytes": "\(answer.readableBytes)"])
                return Self.object(RPCResponseEnvelope(id: id, error: .replyTooLarge(
                    "\(method.rawValue) answered \(answer.readableBytes) bytes; the line limit is \(ProtocolLimits.maxLineBytes)")))
            }
            return answer
        } catch let error as RPCError {
            logger.inconsistency(error, method: method.rawValue, uid: session.peer.uid)
            // Every write path ends here, so one place tells the operator of a full disk.
            if error.reason == Reason.storageFull.code {
                dispatcher.storage.noteFull(logger: logger, detail: error.data?.detail)
            } else if error.reason == Reason.databaseError.code {
                dispatcher.storage.noteWriteFailed(logger: logger, detail: error.data?.detail)
            }
            if error.code == RPCError.Code.forbidden,
               session.countForbidden(limit: dispatcher.configuration.maxForbiddenPerConnection) {
                // Through the refusal log, rate-limited per uid: a line of its own per connection
                // let an attacker who reconnects after every `limit` refusals still write 250
                // lines for 5,000 forbidden requests (and those lines lacked the uid).
                dispatcher.refusals.refused("connection closed", peer: session.peer, detail:
                    "after \(dispatcher.configuration.maxForbiddenPerConnection) forbidden requests")
                session.requestClose()
            }
            return isCall ? Self.object(RPCResponseEnvelope(id: id, error: error)) : nil
        } catch {
            logger.error("request failed", metadata: ["method": "\(method.rawValue)", "error": "\(error)"])
            return isCall ? Self.object(RPCResponseEnvelope(id: id, error: .internalError("\(type(of: error))"))) : nil
        }
    }

    /// Answers "unavailable" when a request takes longer than the limit. A booking that is still
    /// running then completes or not on its own; the caller retries with the same idempotency
    /// key and hears the one result.
    private func withTimeout(milliseconds: Int, _ body: @escaping @Sendable () async throws -> Data) async throws -> Data {
        // Unstructured on purpose: a structured group would wait for a stuck ledger call anyway.
        // Unstructured tasks do not inherit the executor preference: it is passed on by hand.
        let logger = self.logger
        let executor = dispatcher.taskExecutor
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
                slot = Task(executorPreference: executor) {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    guard !Task.isCancelled else { return }
                    logger.error("request timed out", metadata: ["ms": "\(milliseconds)"])
                    answer(.failure(RPCError.unavailable("no answer within \(milliseconds) ms; retry with the same idempotencyKey")))
                }
            }
            Task(executorPreference: executor) {
                do { answer(.success(try await body())) } catch { answer(.failure(error)) }
            }
        }
    }

    /// The most an error answer to one request of a batch takes: the longest id and a short error.
    static let maxErrorBytes = ProtocolLimits.maxIDBytes + 400

    /// The id of a request, as far as it has a usable one (for an answer that replaces its own).
    private static func id(of request: JSONValue) -> RPCID? {
        guard case .object(let fields) = request else { return nil }
        switch fields["id"] {
        case .integer(let number): return .number(number)
        case .string(let text): return stringID(text)
        default: return nil
        }
    }

    /// A string id, when it encodes within `ProtocolLimits.maxIDBytes`: it is echoed in the answer.
    private static func stringID(_ text: String) -> RPCID? {
        let id = RPCID.string(text)
        guard text.utf8.count <= ProtocolLimits.maxIDBytes,
              let encoded = try? JSONEncoder().encode(id), encoded.count <= ProtocolLimits.maxIDBytes else { return nil }
        return id
    }

    private static func terminated(_ object: ByteBuffer) -> ByteBuffer {
        var line = object
        line.writeInteger(UInt8(ascii: "\n"))
        return line
    }

    private static func object(_ response: RPCResponseEnvelope) -> ByteBuffer {
        var line = Self.line(response)
        line.moveWriterIndex(to: line.writerIndex - 1)
        return line
    }

    /// Builds the response around already-encoded result JSON, without decoding it again.
    static func resultObject(id: RPCID?, result: Data) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(#"{"jsonrpc":"2.0","id":"#)
        if let id {
            buffer.writeBytes((try? JSONEncoder().encode(id)) ?? Data("null".utf8))
        } else {
            buffer.writeString("null")
        }
        buffer.writeString(#","result":"#)
        buffer.writeBytes(result)
        buffer.writeString("}")
        return buffer
    }
}
