import Testing

@testable import TAPDatabase

/// The pool's decisions, without connections or threads: who gets a connection, in what order, and what a waiter
/// that leaves takes with it.
@Suite struct PoolStateMachineTests {
    typealias Machine = PoolStateMachine<String>

    func isConnect(_ action: Machine.LeaseAction) -> Bool {
        if case .granted(.connect) = action { return true }
        return false
    }

    func reused(_ action: Machine.LeaseAction) -> String? {
        if case .granted(.reuse(let connection)) = action { return connection }
        return nil
    }

    func isWait(_ action: Machine.LeaseAction) -> Bool {
        if case .wait = action { return true }
        return false
    }

    @Test func opensUpToCapacityThenQueues() {
        var machine = Machine(capacity: 2)
        let r1 = machine.lease(1)
        #expect(isConnect(r1))
        let r2 = machine.lease(2)
        #expect(isConnect(r2))
        let r3 = machine.lease(3)
        #expect(isWait(r3))
        #expect(machine.open == 2 && machine.waiting == 1)
    }

    @Test func aReturnedConnectionGoesToTheFirstWaiterInOrder() {
        var machine = Machine(capacity: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        _ = machine.lease(3)
        let first = machine.returned("a")
        #expect(first?.0 == 2)
        if case .reuse(let connection)? = first?.1 { #expect(connection == "a") } else { Issue.record("not reused") }
        let r4 = machine.returned("a")
        #expect(r4?.0 == 3)
        let r5 = machine.returned("a")
        #expect(r5 == nil)
        #expect(machine.idle == ["a"] && machine.open == 1)
        let r6 = machine.lease(4)
        #expect(reused(r6) == "a")
    }

    @Test func aClosedConnectionLetsTheFirstWaiterOpenAnother() {
        var machine = Machine(capacity: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        let next = machine.closed()
        #expect(next?.0 == 2)
        if case .connect? = next?.1 {} else { Issue.record("the waiter should connect") }
        #expect(machine.open == 1)
        // Nobody waiting: the place is free again.
        let r7 = machine.closed()
        #expect(r7 == nil)
        #expect(machine.open == 0)
        let r8 = machine.lease(3)
        #expect(isConnect(r8))
    }

    @Test func aWaiterThatLeavesIsNeverServed() {
        var machine = Machine(capacity: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        _ = machine.lease(3)
        let r9 = machine.leave(2)
        #expect(r9)
        let r10 = machine.leave(2)
        #expect(!r10)
        let r11 = machine.returned("a")
        #expect(r11?.0 == 3)
        #expect(machine.waiting == 0)
    }

    @Test func leavingAfterBeingServedSaysSo() {
        var machine = Machine(capacity: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        _ = machine.returned("a")
        // Served already: the caller owns the grant and must give it back.
        let r12 = machine.leave(2)
        #expect(!r12)
        let r13 = machine.leave(99)
        #expect(!r13)
    }

    @Test func drainingClosesOnlyIdleConnections() {
        var machine = Machine(capacity: 3)
        _ = machine.lease(1)
        _ = machine.lease(2)
        _ = machine.returned("a")
        let r14 = machine.drainIdle()
        #expect(r14 == ["a"])
        #expect(machine.open == 1 && machine.idle.isEmpty)
    }
}
