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
