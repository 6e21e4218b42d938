import Synchronization

/// The exchanges whose handlers are running, so shutdown can wait for them and then abandon the rest.
final class ExchangeRegistry: Sendable {
    private struct State {
        var accepting = true
        var inFlight: [ObjectIdentifier: PendingExchange] = [:]
        var drainWaiter: CheckedContinuation<Bool, Never>?
    }

    private let state = Mutex(State())

    /// Registers an exchange about to run its handler.
    /// - Returns: `false` once shutdown began; the request is then refused with 503.
    func admit(_ exchange: PendingExchange) -> Bool {
        state.withLock { state in
            guard state.accepting else {
                return false
            }
            state.inFlight[ObjectIdentifier(exchange)] = exchange
            return true
        }
    }

    /// Removes an exchange whose request libmicrohttpd completed; wakes a waiting shutdown when none is left.
    func retire(_ exchange: PendingExchange) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.inFlight[ObjectIdentifier(exchange)] = nil
            guard !state.accepting, state.inFlight.isEmpty else {
                return nil
            }
            defer { state.drainWaiter = nil }
            return state.drainWaiter
        }
        waiter?.resume(returning: true)
    }

    /// Whether shutdown began; responses then carry `Connection: close`.
    var isDraining: Bool {
        state.withLock { !$0.accepting }
    }

    /// The number of requests admitted and not yet completed.
    var inFlightCount: Int {
        state.withLock { $0.inFlight.count }
    }

    /// Stops admitting exchanges.
    func beginDraining() {
        state.withLock { $0.accepting = false }
    }

    /// Waits until every admitted request was completed by libmicrohttpd, or the deadline passed.
    /// - Returns: `true` when all completed.
    func waitUntilIdle(deadline: ContinuousClock.Instant) async -> Bool {
        var timer: Task<Void, Never>?
        let drained = await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                if state.inFlight.isEmpty {
                    return true
                }
                state.drainWaiter = continuation
                return false
            }
            if idle {
                continuation.resume(returning: true)
                return
            }
            // The waiter is registered before the timer exists, so an expired deadline still wakes it.
            timer = Task { [self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    defer { state.drainWaiter = nil }
                    return state.drainWaiter
                }
                waiter?.resume(returning: false)
            }
        }
        timer?.cancel()
        return drained
    }

    /// Answers every exchange still in flight with `response`; they stay registered until completed.
    /// - Returns: How many were abandoned.
    @discardableResult
    func abandonAll(with response: HTTPResponse) -> Int {
        let remaining = state.withLock { Array($0.inFlight.values) }
        for exchange in remaining {
            exchange.abandon(with: response)
        }
        return remaining.count
    }
}
