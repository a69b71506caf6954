import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PasjesModel
import PasjesProtocol

// One line in, one line out: single requests and batches, as JSON-RPC 2.0 section 4–6 and 7.
extension Connection {
    /// The reply line to one request line, or nil when nothing is to be answered (only
    /// notifications, or a blank line).
    func respond(to line: ByteBuffer, session: Session, bodies: inout DiscardingTaskGroup) async -> ByteBuffer? {
        let bytes = line.readableBytesView
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
            return nil
        }
        // Parsed from the line's own bytes: a copy into `Data` made each line near the limit cost
        // one more buffer while it was worked on.
        let parsed = line.withUnsafeReadableBytes { raw -> Result<RequestLine, RPCError> in
            // The standard library's check (a short-lived string): a byte-by-byte loop of our own
            // took a debug pasjesd more time than the JSON parse.
            guard String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil else {
                return .failure(.parseError("line is not valid UTF-8"))
            }
            guard let base = raw.baseAddress,
                  let request = try? JSONDecoder().decode(RequestLine.self, from: Data(
                    bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)) else {
                return .failure(.parseError("not JSON"))
            }
            return .success(request)
        }
        let requests: [IncomingRequest]
        switch parsed {
        case .success(.single(let request)):
            return await answer(request, session: session, bodies: &bodies).map { Self.terminated($0) }
        case .success(.batch(let batch)): requests = batch
        case .failure(let error): return Self.line(RPCResponseEnvelope(id: nil, error: error))
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
            guard var answer = await answer(request, session: session, bodies: &bodies) else { continue }
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
    func answer(_ request: IncomingRequest, session: Session, bodies: inout DiscardingTaskGroup) async -> ByteBuffer? {
        guard request.isObject else {
            return Self.object(RPCResponseEnvelope(id: nil, error: .invalidRequest("a request is a JSON object")))
        }
        // A request is a call when it has an id, even `"id": null` (section 4); without one it
        // is a notification and gets no answer, not even an error.
        let isCall: Bool
        if case .absent = request.id { isCall = false } else { isCall = true }
        let id: RPCID?
        // The id as the answer writes it, encoded once.
        let idJSON: Data
        switch request.id {
        case .absent, .null:
            id = nil
            idJSON = Data("null".utf8)
        case .number(let number):
            id = .number(number)
            idJSON = Data(String(number).utf8)
        case .string(let text):
            guard let (usable, encoded) = Self.stringID(text) else {
                return Self.object(RPCResponseEnvelope(id: nil, error: .invalidRequest(
                    "a string id takes at most \(ProtocolLimits.maxIDBytes) bytes as JSON")))
            }
            id = usable
            idJSON = encoded
        case .other:
            return Self.object(RPCResponseEnvelope(id: nil, error: .invalidRequest("id is a string, an integer or null")))
        }
        guard request.jsonrpc == "2.0" else {
            return Self.object(RPCResponseEnvelope(id: id, error: .invalidRequest("jsonrpc must be \"2.0\"")))
        }
        guard let name = request.method else {
            return Self.object(RPCResponseEnvelope(id: id, error: .invalidRequest("method is a string")))
        }
        guard !request.paramsOther else {
            return Self.object(RPCResponseEnvelope(id: id, error: .invalidRequest("params is an object or an array")))
        }
        let params = request.params
        guard let method = Method(rawValue: name) else {
            return isCall ? Self.object(RPCResponseEnvelope(id: id, error: .methodNotFound(name))) : nil
        }
        do {
            if Dispatcher.isWrite(method) {
                await recheckBeforeWrite(session, raw: channel.channel, logger: logger)
                dispatcher.clockWatch.check(logger: logger)
            }
            let result = try await withTimeout(milliseconds: dispatcher.timeoutMilliseconds(method), bodies: &bodies) {
                try await dispatcher.handle(method, params: params, session: session)
            }
            if Dispatcher.isWrite(method) { dispatcher.storage.noteWriteSucceeded(logger: logger) }
            guard isCall else { return nil }
            let answer = Self.resultObject(idJSON: idJSON, result: result)
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
    ///
    /// The body runs as a child of the connection's `bodies` group, not of this call: the
    /// answer does not wait for a stuck ledger call, and the call is neither cancelled nor lost
    /// (the connection waits for it when it ends). The limit is a timer on the channel's event
    /// loop, cancelled when the body answers first: no task sleeps for it.
    private func withTimeout(milliseconds: Int, bodies: inout DiscardingTaskGroup,
                             _ body: @escaping @Sendable () async throws -> Data) async throws -> Data {
        let logger = self.logger
        let eventLoop = channel.channel.eventLoop
        return try await withCheckedThrowingContinuation { continuation in
            // Whichever comes first resumes the caller; the other finds the slot empty.
            let waiting = NIOLockedValueBox<CheckedContinuation<Data, any Error>?>(continuation)
            @Sendable func answer(_ result: Result<Data, any Error>) -> Bool {
                guard let waiter = waiting.withLockedValue({ slot in defer { slot = nil }; return slot }) else { return false }
                waiter.resume(with: result)
                return true
            }
            let timer = eventLoop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                let error = RPCError.unavailable("no answer within \(milliseconds) ms; retry with the same idempotencyKey")
                if answer(.failure(error)) { logger.error("request timed out", metadata: ["ms": "\(milliseconds)"]) }
            }
            bodies.addTask {
                let result: Result<Data, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                timer.cancel()
                _ = answer(result)
            }
        }
    }

    /// The most an error answer to one request of a batch takes: the longest id and a short error.
    static let maxErrorBytes = ProtocolLimits.maxIDBytes + 400

    /// The id of a request, as far as it has a usable one (for an answer that replaces its own).
    private static func id(of request: IncomingRequest) -> RPCID? {
        switch request.id {
        case .number(let number): return .number(number)
        case .string(let text): return stringID(text)?.id
        default: return nil
        }
    }

    /// A string id and its JSON, when that takes at most `ProtocolLimits.maxIDBytes`: it is
    /// echoed in the answer.
    private static func stringID(_ text: String) -> (id: RPCID, json: Data)? {
        let id = RPCID.string(text)
        guard text.utf8.count <= ProtocolLimits.maxIDBytes,
              let encoded = try? JSONEncoder().encode(id), encoded.count <= ProtocolLimits.maxIDBytes else { return nil }
        return (id, encoded)
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

    /// Builds the response around the already-encoded id and result JSON, without decoding
    /// or encoding either again.
    static func resultObject(idJSON: Data, result: Data) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(idJSON.count + result.count + 40)
        buffer.writeString(#"{"jsonrpc":"2.0","id":"#)
        buffer.writeBytes(idJSON)
        buffer.writeString(#","result":"#)
        buffer.writeBytes(result)
        buffer.writeString("}")
        return buffer
    }
}
