import Testing

@testable import UWS

@Suite struct ExecutionPhaseTests {
    @Test(arguments: [
        (ExecutionPhase.pending, ExecutionPhase.queued, true),
        (.pending, .aborted, true),
        (.pending, .completed, false),
        (.queued, .executing, true),
        (.executing, .completed, true),
        (.executing, .pending, false),
        (.completed, .executing, false),
        (.aborted, .queued, false),
        (.completed, .archived, true),
    ])
    func transition(from: ExecutionPhase, to: ExecutionPhase, legal: Bool) {
        #expect(from.canMove(to: to) == legal)
    }

    @Test func finalPhasesOnlyArchive() {
        let final = ExecutionPhase.allCases.filter(\.isFinal)
        #expect(Set(final) == [.completed, .error, .aborted, .archived])
        for phase in final {
            #expect(phase.successors.isSubset(of: [.archived]))
        }
    }
}

@Suite struct ExecutionPhasePredecessorTests {
    @Test func predecessorsAreTheTableReadBackwards() {
        #expect(ExecutionPhase.predecessors(of: .queued) == [.pending, .held])
        #expect(ExecutionPhase.predecessors(of: .aborted) == [.pending, .queued, .executing, .held, .suspended])
        #expect(ExecutionPhase.predecessors(of: .pending).isEmpty)
        for phase in ExecutionPhase.allCases {
            for from in ExecutionPhase.predecessors(of: phase) { #expect(from.canMove(to: phase)) }
        }
    }

    @Test func requeueIsNotAUWSEdge() {
        #expect(!ExecutionPhase.requeue.from.canMove(to: ExecutionPhase.requeue.to))
    }
}
