import Testing
import UWS

@testable import TAPEngine

/// The job queue's SQL moves jobs only along UWS 1.1's edges, or by the one requeue it documents.
@Suite struct JobQueueMovesTests {
    @Test func everyMoveIsAnEdgeOrTheRequeue() {
        for move in JobQueue.moves {
            let requeue = move.from == ExecutionPhase.requeue.from && move.to == ExecutionPhase.requeue.to
            #expect(move.from.canMove(to: move.to) || requeue, "\(move.from) -> \(move.to)")
        }
    }
}
